// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const grafanaConfig = require('./.config/jest.config');

// The scaffold's swc transform, reused for the `.mjs` files of d3 and friends that Grafana's packages pull in.
const swcTransform = grafanaConfig.transform['^.+\\.(t|j)sx?$'];

const nodeProject = (displayName, folder) => ({
  displayName,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/${folder}/**/*.test.ts`],
  transform: { '^.+\\.(t|j)sx?$': swcTransform, '^.+\\.mjs$': swcTransform },
  // typebox 1.x (the backend's HTTP schemas) and cookie 2.x (fastify's inject) ship ES modules only.
  transformIgnorePatterns: ['/node_modules/(?!(typebox|cookie)/)'],
});

module.exports = {
  projects: [
    {
      ...grafanaConfig,
      displayName: 'plugin',
      rootDir: __dirname,
      transform: { ...grafanaConfig.transform, '^.+\\.mjs$': swcTransform },
      testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}'],
    },
    nodeProject('backend', 'backend/src'),
    nodeProject('integration', 'tests/integration'),
    nodeProject('browser', 'tests/browser'),
    nodeProject('alerting', 'tests/alerting'),
  ],
};
