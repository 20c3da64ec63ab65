/**
 * What every browser test starts with: the built bundle checked, a temp folder, the host bundle built, and headless
 * Chromium (Debian `chromium`, driven by playwright-core) launched with the flags this project runs it with.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

import { buildHostBundle } from './host/hostServer';

export const REPO = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(REPO, 'tests/artifacts');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserSetup {
  /** The test's temp folder (remove it in afterAll). */
  readonly dir: string;
  /** Where the host page's bundle is built (give it to `startHostServer`). */
  readonly bundleDir: string;
  /** Resolves when the host bundle is built and Chromium is up: start the servers meanwhile, then await it. */
  readonly browser: Promise<BrowserContext>;
}

/** Checks `dist/<bundle>` exists (else says to build), then builds the host bundle and launches Chromium in parallel. */
export function startBrowserSetup(
  bundle: string,
  tempPrefix: string,
  viewport: { width: number; height: number }
): BrowserSetup {
  const built = path.join(REPO, 'dist', bundle);
  if (!fs.existsSync(built)) {
    throw new Error(`${built} is missing: run "npm run build" first (npm run test:browser does).`);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), tempPrefix));
  const bundleDir = path.join(dir, 'host');
  const ready = Promise.all([
    buildHostBundle(bundleDir),
    chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      viewport,
    }),
  ]);
  return { dir, bundleDir, browser: ready.then(([, context]) => context) };
}
