/**
 * End-to-end tests with @grafana/plugin-e2e against the Docker Compose demo stack (a real Grafana with the built
 * plugin, Prometheus and the Culprit backend). They are not part of `npm test` (no Docker engine in CI here); see the
 * README: `npm run build && docker compose up -d --wait && npx playwright install chromium && npm run e2e`.
 */
import path from 'node:path';

import { defineConfig, devices } from '@playwright/test';
import type { PluginOptions } from '@grafana/plugin-e2e';

const pluginE2eAuth = `${path.dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;

export default defineConfig<PluginOptions>({
  testDir: './tests/e2e',
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: process.env.GRAFANA_URL ?? 'http://localhost:3000',
    trace: 'retain-on-failure',
    httpCredentials: { username: 'admin', password: process.env.GRAFANA_ADMIN_PASSWORD ?? 'admin' },
    provisioningRootDir: path.join(process.cwd(), 'provisioning/grafana'),
  },
  projects: [
    { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/] },
    {
      name: 'run-tests',
      use: { ...devices['Desktop Chrome'], storageState: 'playwright/.auth/admin.json' },
      dependencies: ['auth'],
    },
  ],
});
