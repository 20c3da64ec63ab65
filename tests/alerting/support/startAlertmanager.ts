import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../support/freePort';
import { spawnServer, waitForHttpOk } from '../../support/spawnServer';

/** The Debian package's binary; override with `ALERTMANAGER_BIN`. */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

/** A running Alertmanager. Always `stop()` it: it deletes its temporary folder too. */
export interface RunningAlertmanager {
  /** Base URL, e.g. `http://127.0.0.1:41235`. */
  readonly url: string;
  /** `127.0.0.1:PORT`, for Prometheus's `alerting.alertmanagers[].static_configs[].targets`. */
  readonly target: string;
  readonly process: ChildProcess;
  /** What it has logged so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function alertmanagerAvailable(): boolean {
  return existsSync(ALERTMANAGER_BIN);
}

/**
 * Starts the real Alertmanager on a free 127.0.0.1 port, clustering off, with `config` (an alertmanager.yml as an
 * object) and a fresh storage folder, and resolves once `/-/ready` answers.
 */
export async function startAlertmanager(config: Record<string, unknown>): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-alertmanager-'));
  const configFile = path.join(dir, 'alertmanager.yml');
  writeFileSync(configFile, stringify(config));
  const port = await freePort();
  const server = spawnServer(ALERTMANAGER_BIN, [
    `--config.file=${configFile}`,
    `--storage.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // An empty address turns clustering (gossip on 0.0.0.0:9094) off.
    '--cluster.listen-address=',
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  await waitForHttpOk({ ...server, stop }, `${url}/-/ready`, 15_000, 'Alertmanager');
  return { url, target: `127.0.0.1:${port}`, process: server.process, output: server.output, stop };
}
