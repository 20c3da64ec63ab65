import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../support/freePort';

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
  let output = '';
  const child = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // An empty address turns clustering (gossip on 0.0.0.0:9094) off.
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`Alertmanager did not become ready on ${url}:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, target: `127.0.0.1:${port}`, process: child, output: () => output, stop };
}
