import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/** One scrape job of the lab's Prometheus. */
export interface ScrapeJob {
  readonly job: string;
  readonly targets: ReadonlyArray<{ readonly address: string; readonly labels?: Readonly<Record<string, string>> }>;
  /** Keep the labels the target sets itself (the shop's own `service` label) instead of renaming them. */
  readonly honorLabels?: boolean;
}

/** The Prometheus binary: $PROMETHEUS_BIN, else the Debian package's path, else `prometheus` on the PATH. */
export function findPrometheus(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.PROMETHEUS_BIN,
    '/usr/bin/prometheus',
    ...(env.PATH ?? '').split(':').map((dir) => path.join(dir, 'prometheus')),
  ];
  for (const candidate of candidates) {
    if (!candidate) {
      continue;
    }
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Try the next place.
    }
  }
  return undefined;
}

/** The lab's scrape config: every second, so a 10 s fault is ten samples. */
export function labPrometheusConfig(jobs: readonly ScrapeJob[], scrapeSeconds = 1): string {
  return (
    '# Written by `npm run lab`: scrapes the shop processes, the lab supervisor (cgroup CPU and memory under\n' +
    "# cAdvisor's names) and the campaign runner's culprit_fault_active.\n" +
    stringify({
      global: { scrape_interval: `${scrapeSeconds}s`, scrape_timeout: `${scrapeSeconds}s`, evaluation_interval: '15s' },
      scrape_configs: jobs.map((job) => ({
        job_name: job.job,
        ...(job.honorLabels ? { honor_labels: true } : {}),
        static_configs: job.targets.map((target) => ({
          targets: [target.address],
          ...(target.labels ? { labels: target.labels } : {}),
        })),
      })),
    })
  );
}

/** A real Prometheus server started for the lab, on loopback, with its data in `directory`. */
export class PrometheusServer {
  private child?: ChildProcess;

  constructor(
    private readonly binary: string,
    private readonly directory: string,
    readonly host: string,
    readonly port: number
  ) {}

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  async start(configText: string, timeoutMs = 20_000): Promise<void> {
    mkdirSync(path.join(this.directory, 'data'), { recursive: true });
    const configFile = path.join(this.directory, 'prometheus.yml');
    writeFileSync(configFile, configText);
    const log = openSync(path.join(this.directory, 'prometheus.log'), 'a');
    this.child = spawn(
      this.binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${path.join(this.directory, 'data')}`,
        `--web.listen-address=${this.host}:${this.port}`,
        '--storage.tsdb.retention.time=30d',
      ],
      { stdio: ['ignore', log, log] }
    );
    closeSync(log);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null) {
        throw new Error(
          `Prometheus exited with code ${this.child.exitCode}; see ${path.join(this.directory, 'prometheus.log')}`
        );
      }
      try {
        const response = await fetch(`${this.url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
        if (response.ok) {
          return;
        }
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Prometheus was not ready within ${timeoutMs} ms; see ${path.join(this.directory, 'prometheus.log')}`
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
