import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './freePort';
import { pollUntil, spawnServer, waitForHttpOk } from './spawnServer';

/** The Debian package's binary; override with `PROMETHEUS_BIN`. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

/** One scrape job: `targets` are `host:port` strings, `labels` are added to every series scraped from them. */
export interface ScrapeJob {
  readonly job: string;
  readonly targets: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly metricsPath?: string;
}

export interface PrometheusOptions {
  readonly jobs: readonly ScrapeJob[];
  /** Scrape and evaluation interval; 1 s keeps tests short. */
  readonly scrapeIntervalSeconds?: number;
  /** Extra top-level config (e.g. `rule_files`, `alerting`) merged into prometheus.yml. */
  readonly extraConfig?: Readonly<Record<string, unknown>>;
  /** Extra command-line flags. */
  readonly flags?: readonly string[];
  /** Use this TSDB folder (e.g. blocks made by `promtool tsdb create-blocks-from`) instead of a fresh one; kept on stop. */
  readonly storagePath?: string;
}

/** A running Prometheus. Always `stop()` it (in `afterAll`): it deletes its temporary TSDB folder too. */
export interface RunningPrometheus {
  /** Base URL, e.g. `http://127.0.0.1:41234` (what `prometheus.url` in culprit.yaml takes). */
  readonly url: string;
  readonly port: number;
  /** Temporary folder holding prometheus.yml and the TSDB. */
  readonly dir: string;
  readonly process: ChildProcess;
  /** Waits until the API returns at least one sample for `query` (e.g. `up{job="shop"}`), or throws after `timeoutMs`. */
  waitForData(query: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** True when the Prometheus binary is installed (tests may `describe.skip` with a clear reason otherwise). */
export function prometheusAvailable(): boolean {
  return existsSync(PROMETHEUS_BIN);
}

/**
 * Starts a real Prometheus on a free 127.0.0.1 port with a fresh TSDB in a temporary folder, scraping `jobs`,
 * and resolves once it is ready (`/-/ready`). stdout/stderr are kept and shown if it fails to start.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    stringify({
      global: { scrape_interval: interval, evaluation_interval: interval },
      scrape_configs: options.jobs.map((job) => ({
        job_name: job.job,
        metrics_path: job.metricsPath ?? '/metrics',
        static_configs: [{ targets: job.targets, labels: job.labels ?? {} }],
      })),
      ...options.extraConfig,
    })
  );
  const port = await freePort();
  const server = spawnServer(PROMETHEUS_BIN, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${options.storagePath ?? path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-lifecycle',
    '--log.level=warn',
    ...(options.flags ?? []),
  ]);
  const child = server.process;
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  await waitForHttpOk({ ...server, stop }, `${url}/-/ready`, 15_000, 'Prometheus');

  return {
    url,
    port,
    dir,
    process: child,
    stop,
    async waitForData(query, timeoutMs = 20000) {
      const found = await pollUntil(
        async () => {
          const answer = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as {
            data?: { result?: unknown[] };
          };
          return (answer.data?.result?.length ?? 0) > 0;
        },
        timeoutMs,
        () => child.exitCode !== null
      );
      if (!found) {
        throw new Error(
          `Prometheus at ${url} had no data for ${query} after ${timeoutMs} ms:\n${server.output().slice(-2000)}`
        );
      }
    },
  };
}
