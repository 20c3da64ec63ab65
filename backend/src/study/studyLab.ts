import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../config/loadConfig';
import { freePort } from '../lab/freePort';
import { findPrometheus, labPrometheusConfig, PrometheusServer } from '../lab/prometheusServer';
import { LabSupervisor } from '../lab/labSupervisor';
import { REPO_ROOT, shopProcesses } from '../lab/shopLayout';
import { createPrometheusClient } from '../prometheus/prometheusClient';
import { openStore } from '../store/openStore';
import { exportStudyCases, type StudyExportSettings } from './exportStudyCases';

/** One data-collection run of the study: a lab, a campaign plan, and the export of its episodes as study cases. */
export interface StudyLabOptions {
  readonly planFile: string;
  /** Working folder: the store, Prometheus' TSDB (kept for re-exports), logs, the export config. */
  readonly dir: string;
  /** Where the study case folders go. */
  readonly outDir: string;
  readonly journeysPerSecond: number;
  readonly loadSeed: number;
  /** Load level recorded in every label. */
  readonly load: string;
  readonly idPrefix: string;
  /** Step of the exported grid; Prometheus scrapes every second. */
  readonly stepSeconds: number;
  /** CPU limit per service, in cores (as `docker run --cpus`). */
  readonly cpuLimitCores: number;
  readonly export: Omit<StudyExportSettings, 'load' | 'idPrefix' | 'earliestSeconds' | 'latestSeconds'>;
  /** Quiet seconds the lab keeps running after the campaign, for normal windows (and the last episode's data). */
  readonly quietTailSeconds: number;
}

/** Seconds after Prometheus starts before its data counts: the first rate() values need a few scrapes. */
const WARMUP_SECONDS = 15;

const HOST = '127.0.0.1';
const CATALOGUE = path.join(REPO_ROOT, 'fixtures', 'shop-study', 'catalogue-study.yaml');

/**
 * Runs one campaign in a fresh lab and exports it for the study: the shop as supervised processes behind fault
 * proxies, a real Prometheus scraping the services, the supervisor's cgroup metrics, the load generator and the
 * campaign's `culprit_fault_active`; then `culprit campaign run PLAN` with the local driver; then the export, while
 * Prometheus still runs. Everything it started is stopped on the way out, also on failure.
 */
export async function runStudyLab(options: StudyLabOptions, log: (line: string) => void): Promise<number> {
  const prometheusBinary = findPrometheus();
  if (prometheusBinary === undefined) {
    throw new Error('no prometheus binary (set PROMETHEUS_BIN, or apt-get install prometheus)');
  }
  const dir = path.resolve(options.dir);
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const labId = `study-${path.basename(dir)}`;
  const { processes, ports } = await shopProcesses({
    host: HOST,
    journeysPerSecond: options.journeysPerSecond,
    loadSeed: options.loadSeed,
  });
  const supervisor = new LabSupervisor({
    host: HOST,
    labId,
    processes,
    cpuLimitCores: options.cpuLimitCores,
    controlPort: await freePort(HOST),
    logDir: path.join(dir, 'logs'),
  });
  const prometheus = new PrometheusServer(prometheusBinary, path.join(dir, 'prometheus'), HOST, await freePort(HOST));
  const faultMetricsPort = await freePort(HOST);
  try {
    await supervisor.start();
    await supervisor.waitHealthy(60_000);
    log(`lab ${labId}: shop healthy, supervisor at ${supervisor.controlUrl}`);
    const services = Object.keys(ports.service);
    await prometheus.start(
      labPrometheusConfig([
        // The shop sets its own `service` label on every metric.
        { job: 'shop', honorLabels: true, targets: services.map((s) => ({ address: `${HOST}:${ports.service[s]}` })) },
        // The load generator is the gateway's only caller: label it so the catalogue's caller-side metrics cover the gateway.
        { job: 'loadgen', targets: [{ address: `${HOST}:${ports.loadgen}`, labels: { target: 'gateway' } }] },
        { job: 'lab', targets: [{ address: new URL(supervisor.controlUrl).host }] },
        { job: 'campaign', targets: [{ address: `${HOST}:${faultMetricsPort}` }] },
      ])
    );
    const earliestSeconds = Date.now() / 1000 + WARMUP_SECONDS;
    log(`lab ${labId}: Prometheus at ${prometheus.url}, data in ${path.join(dir, 'prometheus')}`);
    const store = path.join(dir, 'culprit.sqlite');
    const code = await runCampaign(options.planFile, {
      store,
      journal: path.join(dir, 'journal.json'),
      labUrl: supervisor.controlUrl,
      prometheusUrl: prometheus.url,
      metricsPort: faultMetricsPort,
      logFile: path.join(dir, 'campaign.log'),
    });
    if (code !== 0) {
      log(
        `lab ${labId}: the campaign exited with ${code} (see ${path.join(dir, 'campaign.log')}); exporting what it recorded`
      );
    }
    const db = openStore(store, { readonly: true });
    const episodes = db.episodes.all();
    db.close();
    // The last episode needs its data after the onset, and normal windows a quiet stretch: keep the lab running.
    const lastOnset = Math.max(0, ...episodes.map((e) => e.start / 1000));
    const tailUntil = Math.max(
      lastOnset + options.export.afterSeconds + 5,
      Date.now() / 1000 + options.quietTailSeconds
    );
    log(`lab ${labId}: campaign done; recording ${Math.round(tailUntil - Date.now() / 1000)} s more of quiet data`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, tailUntil * 1000 - Date.now())));
    const configFile = path.join(dir, 'culprit.yaml');
    writeFileSync(
      configFile,
      stringify({
        prometheus: { url: prometheus.url },
        services,
        catalogue: CATALOGUE,
        stepSeconds: options.stepSeconds,
        windowSeconds: 60,
        baselineSeconds: 60,
        store: { path: store },
        api: { tokens: ['study-export-only-token'] },
      })
    );
    const config = loadConfig(configFile);
    const written = await exportStudyCases(
      {
        api: createPrometheusClient(config.prometheus),
        services,
        catalogue: config.catalogue,
        stepSeconds: config.stepSeconds,
        queryConcurrency: 4,
      },
      episodes,
      options.outDir,
      {
        ...options.export,
        load: options.load,
        idPrefix: options.idPrefix,
        earliestSeconds,
        latestSeconds: Date.now() / 1000 - 5,
      }
    );
    log(`lab ${labId}: exported ${written.length} cases (${episodes.length} episodes) to ${options.outDir}`);
    return code;
  } finally {
    await prometheus.stop();
    await supervisor.stop();
  }
}

function runCampaign(
  planFile: string,
  flags: { store: string; journal: string; labUrl: string; prometheusUrl: string; metricsPort: number; logFile: string }
): Promise<number> {
  const logFd = openSync(flags.logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, 'backend', 'bin', 'culprit.js'),
      'campaign',
      'run',
      planFile,
      '--driver',
      'local',
      '--lab-url',
      flags.labUrl,
      '--store',
      flags.store,
      '--journal',
      flags.journal,
      '--prometheus-url',
      flags.prometheusUrl,
      '--metrics-port',
      String(flags.metricsPort),
      '--no-progress',
    ],
    { stdio: ['ignore', logFd, logFd] }
  );
  closeSync(logFd);
  // Ctrl-C reaches the campaign too (same process group); it reverts its fault and exits, then we clean up.
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}
