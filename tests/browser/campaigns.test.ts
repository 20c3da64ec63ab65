/**
 * The Campaigns page in a real browser, end to end: headless Chromium renders the BUILT app (`dist/module.js`) in the
 * host page, whose data-source proxy forwards to a real Culprit backend configured with the local fault driver, which
 * drives a real lab supervisor running a real shop service. The test types a plan, starts it with the button, sees the
 * live progress (the fault really in place in the lab), stops it with the button, and checks the fault is reverted and
 * the episode is in the backend's fault library.
 *
 * Needs `npm run build` first (`npm run test:browser` does it) and root (cgroup v1, for the lab).
 * Screenshots: tests/artifacts/app-campaigns-running-dark.png, app-campaigns-stopped-dark.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AddressInfo } from 'node:net';

import type { BrowserContext, Page } from 'playwright-core';

import { parseConfig } from '../../backend/src/config/loadConfig';
import { createBackend, type Backend } from '../../backend/src/service/createBackend';
import { freePort } from '../support/freePort';
import { startShopLab, type ShopLab } from '../support/startShopLab';
import { ARTIFACTS, startBrowserSetup } from './browserSetup';
import { HostServer, startHostServer } from './host/hostServer';

const TOKEN = 'browser-campaigns-token-0123456789';
const TARGET = 'inventory';
const PLAN = `name: browser-pause
services: [${TARGET}]
faults: [{ kind: pause }]
faultSeconds: 60
gapSeconds: 1
verify: false
`;

jest.setTimeout(90_000);

describe('Campaigns page in Chromium against a real backend and lab', () => {
  let lab: ShopLab;
  let backend: Backend;
  let host: HostServer;
  let context: BrowserContext;
  let page: Page;
  let dir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const setup = startBrowserSetup('module.js', 'culprit-browser-campaigns-', { width: 1160, height: 900 });
    dir = setup.dir;
    const { bundleDir } = setup;
    lab = await startShopLab([TARGET]);
    const config = parseConfig(
      {
        // No symptom is verified (verify: false), so no Prometheus needs to run.
        prometheus: { url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 1000, retries: 0 },
        services: [TARGET],
        catalogue: 'catalogue-lab.yaml',
        store: { path: path.join(dir, 'culprit.sqlite') },
        api: { tokens: [TOKEN] },
        workers: { threads: 0 },
        campaigns: { driver: 'local', labUrl: lab.controlUrl },
      },
      path.join(dir, 'culprit.yaml')
    );
    backend = createBackend(config, { version: 'browser-test' });
    await backend.app.listen({ host: '127.0.0.1', port: 0 });
    const backendUrl = `http://127.0.0.1:${(backend.app.server.address() as AddressInfo).port}`;
    const browser = await setup.browser;
    context = browser;
    host = await startHostServer({ backendUrl, apiToken: TOKEN, bundleDir });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(host.url);
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await host?.close();
    await backend?.close();
    await lab?.stop();
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts a campaign from a plan, shows its progress with the fault in the lab, and stops it', async () => {
    await page.evaluate(
      (r) =>
        (window as unknown as { culpritHost: { renderApp: (r: unknown) => Promise<void> } }).culpritHost.renderApp(r),
      { path: '/campaigns', width: 1100, theme: 'dark' }
    );
    await page.getByText('No campaign has run yet.').waitFor({ timeout: 30_000 });

    await page.getByLabel('Campaign plan').fill(PLAN);
    await page.getByRole('button', { name: /Start campaign/ }).click();
    const card = page.getByLabel(/^Campaign \d+$/);
    await card.getByText(`now: ${TARGET}/pause`, { exact: false }).waitFor({ timeout: 30_000 });
    await expect(card.textContent()).resolves.toMatch(/browser-pause.*running.*0 of 1 faults done/);
    await expect(page.getByRole('button', { name: /Start campaign/ }).isDisabled()).resolves.toBe(true);
    // The page's progress is the lab's truth: the service is frozen.
    await expect(lab.frozen(TARGET)).resolves.toBe(true);
    await page.locator('#app').screenshot({ path: path.join(ARTIFACTS, 'app-campaigns-running-dark.png') });

    await card.getByRole('button', { name: /Stop/ }).click();
    await card.getByText('stopped', { exact: true }).waitFor({ timeout: 30_000 });
    await expect(card.textContent()).resolves.toMatch(/1 of 1 faults done.*stopped after 1 of 1 episodes/);
    await expect(card.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('100');
    await expect(lab.frozen(TARGET)).resolves.toBe(false);
    await page.locator('#app').screenshot({ path: path.join(ARTIFACTS, 'app-campaigns-stopped-dark.png') });

    const episodes = backend.store.episodes.list({ source: 'campaign' });
    expect(episodes.episodes.map((episode) => [episode.service, episode.fault])).toEqual([[TARGET, 'pause']]);
    expect(pageErrors).toEqual([]);
  });
});
