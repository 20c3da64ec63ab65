import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/node_modules/',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      'backend/bin/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.eslintcache',
      '**/*.log',
    ],
  },
  ...baseConfig,
  {
    files: ['backend/src/**/*.ts'],
    languageOptions: { parserOptions: { project: './backend/tsconfig.json' } },
  },
  {
    files: ['tests/**/*.ts'],
    languageOptions: { parserOptions: { project: './tests/tsconfig.json' } },
  },
  {
    files: ['demo/**/*.ts'],
    languageOptions: { parserOptions: { project: './demo/tsconfig.json' } },
  },
  {
    files: ['scripts/**/*.js', 'jest.config.js', '.prettierrc.js', 'jest-setup.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
  },
]);
