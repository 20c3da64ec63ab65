import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { parseCampaignPlan, planDurationSeconds, type CampaignPlan } from '../campaign/campaignPlan';
import { CampaignAborted, CampaignRunner, type EpisodeResult } from '../campaign/campaignRunner';
import { StoreEpisodeRecorder } from '../campaign/episodeRecorder';
import { FaultActiveExporter } from '../campaign/faultActiveExporter';
import { FaultJournal } from '../campaign/faultJournal';
import { SymptomVerifier } from '../campaign/symptomVerifier';
import { assertCgroupV1Available } from '../chaos/cgroupV1';
import { LocalDriver } from '../chaos/localDriver';
import { loadConfig } from '../config/loadConfig';
import { trainModel } from '../models/trainModel';
import { createPrometheusClient } from '../prometheus/prometheusClient';
import type { ModelEvaluation } from '../store/modelStore';
import { openStore } from '../store/openStore';
import { freePort } from './freePort';
import { LabSupervisor } from './labSupervisor';
import { findPrometheus, labPrometheusConfig, PrometheusServer } from './prometheusServer';
import { REPO_ROOT, SHOP_MAIN, shopProcesses } from './shopLayout';

export interface LabOptions {
  readonly quick: boolean;
  /** A plan file instead of plans/lab.yaml or plans/lab-quick.yaml. */
  readonly plan?: string;
  /** Where the store, the report, the logs and Prometheus's data go (default .culprit/lab-<time>). */
  readonly directory?: string;
  readonly journeysPerSecond: number;
  readonly log: (line: string) => void;
  /** After training, keep the shop and Prometheus running and serve the model (`culprit serve`) until Ctrl-C. */
  readonly serve?: boolean;
}

const HOST = '127.0.0.1';
/**
 * Normal windows sampled from the quiet time after the campaign. Without enough of them "normal" is a thin class,
 * and a quiet window's noise lands nearer some faint fault episode than any normal window (a false alarm in the
 * continuous loop); the quiet wait is sized to hold this many.
 */
const NORMAL_WINDOWS = 3;

/** Extra features the lab adds to the shipped lab catalogue: the service cgroup's CPU and memory (injected stress). */
const CGROUP_FEATURES = [
  {
    metric: 'cgroupCpu',
    description: 'CPU seconds per second of every process in the service cgroup (service plus injected stress).',
    query: 'sum(rate(container_cpu_usage_seconds_total{name="$service"}[$rateInterval]))',
  },
  {
    metric: 'cgroupMemory',
    description: 'Working-set memory of the service cgroup, bytes.',
    query: 'sum(container_memory_working_set_bytes{name="$service"})',
  },
];

/** What is missing to run the lab, as the commands that fix it; empty when all is there. */
export function labPrerequisites(): string[] {
  const problems: string[] = [];
  if (!findPrometheus()) {
    problems.push('Prometheus is not installed: apt-get install prometheus (or set PROMETHEUS_BIN to its binary)');
  }
  if (spawnSync('stress-ng', ['--version']).status !== 0) {
    problems.push('stress-ng is not installed: apt-get install stress-ng');
  }
  try {
    assertCgroupV1Available();
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (!existsSync(SHOP_MAIN)) {
    problems.push('the shop is not built: npm run build:demo');
  }
  return problems;
}

/**
 * The whole Culprit loop without Docker: the shop as processes under load, a real Prometheus, a campaign with the
 * local driver, then a model trained and cross-validated on the episodes. Resolves to the exit code.
 */
export async function runLab(options: LabOptions): Promise<number> {
  const { log } = options;
  const problems = labPrerequisites();
  if (problems.length > 0) {
    for (const problem of problems) {
      log(`lab: ${problem}`);
    }
    return 1;
  }
  const started = Date.now();
  const planFile = options.plan ?? path.join(REPO_ROOT, 'plans', options.quick ? 'lab-quick.yaml' : 'lab.yaml');
  const plan = parseCampaignPlan(readFileSync(planFile, 'utf8'), planFile);
  const directory = path.resolve(
    options.directory ?? path.join('.culprit', `lab-${new Date().toISOString().replace(/[:.]/g, '-')}`)
  );
  mkdirSync(path.join(directory, 'logs'), { recursive: true });
  const storeFile = path.join(directory, 'culprit.sqlite');

  const { processes, ports } = await shopProcesses({
    host: HOST,
    journeysPerSecond: options.journeysPerSecond,
    loadSeed: plan.seed,
  });
  const labId = `lab-${process.pid}`;
  const supervisor = new LabSupervisor({
    host: HOST,
    labId,
    processes,
    cpuLimitCores: 0.5,
    controlPort: await freePort(HOST),
    logDir: path.join(directory, 'logs'),
  });
  const exporter = new FaultActiveExporter();
  const prometheus = new PrometheusServer(
    findPrometheus() as string,
    path.join(directory, 'prometheus'),
    HOST,
    await freePort(HOST)
  );
  let runner: CampaignRunner | undefined;
  let interrupted = false;
  const onSignal = (signal: string) => {
    if (!interrupted) {
      log(`\nlab: ${signal}: reverting the active fault and stopping everything...`);
    }
    interrupted = true;
    runner?.abort();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  // Whoever read the lab's output went away (a closed pipe: a killed test runner, `| head`): stop as on Ctrl-C
  // instead of dying of EPIPE with the shop still running.
  const onOutputGone = () => onSignal('output closed');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.stdout.on('error', onOutputGone);
  process.stderr.on('error', onOutputGone);

  try {
    // The lab id names its cgroups (/sys/fs/cgroup/<controller>/culprit-lab/<id>), to check they are gone after.
    log(`lab: ${directory} (lab id ${labId})`);
    log(`lab: starting the shop (${Object.keys(ports.service).length} services + load) under ${supervisor.controlUrl}`);
    await supervisor.start();
    await supervisor.waitHealthy(30_000);
    const exporterPort = await exporter.listen(0, HOST);
    await prometheus.start(
      labPrometheusConfig([
        {
          job: 'shop',
          honorLabels: true,
          targets: Object.entries(ports.service).map(([service, port]) => ({
            address: `${HOST}:${port}`,
            labels: { service },
          })),
        },
        { job: 'loadgen', targets: [{ address: `${HOST}:${ports.loadgen}`, labels: { service: 'loadgen' } }] },
        { job: 'lab-cgroups', targets: [{ address: `${HOST}:${new URL(supervisor.controlUrl).port}` }] },
        { job: 'campaign', targets: [{ address: `${HOST}:${exporterPort}` }] },
      ])
    );
    log(`lab: Prometheus at ${prometheus.url}`);
    const configFile = writeBackendConfig(
      await freePort(HOST),
      directory,
      plan,
      prometheus.url,
      storeFile,
      Object.keys(ports.service),
      supervisor.controlUrl
    );

    log(
      `lab: campaign "${plan.name}" from ${displayPath(planFile)}: about ${Math.ceil(planDurationSeconds(plan) / 60)} min`
    );
    const recorder = new StoreEpisodeRecorder(storeFile);
    const api = createPrometheusClient({ url: prometheus.url, timeoutMs: 10_000, retries: 2 });
    runner = new CampaignRunner({
      driver: new LocalDriver({ labUrl: supervisor.controlUrl }),
      driverConfig: { name: 'local', labUrl: supervisor.controlUrl },
      journal: new FaultJournal(path.join(directory, 'campaign-journal.json')),
      recorder,
      exporter,
      verifier: new SymptomVerifier(api, plan.rateInterval),
      events: {
        onEpisodeStart: (fault, total) =>
          log(
            `lab: [${fault.index + 1}/${total}] ${fault.spec.kind} on ${fault.service} for ${fault.durationSeconds}s`
          ),
        onEpisodeEnd: (result) => log(`lab:        ${result.verdict?.message ?? 'not verified'}`),
        onWarning: (message) => log(`lab: warning: ${message}`),
      },
    });
    let results: EpisodeResult[];
    try {
      results = await runner.run(plan);
    } finally {
      recorder.close();
    }
    const flagged = results.filter((result) => result.verdict && !result.verdict.landed).length;

    // Normal windows are sampled from quiet time after the last episode: one settle window, then the normal windows,
    // each with its baseline.
    const config = loadConfig(configFile, {});
    const quietSeconds = config.windowSeconds + NORMAL_WINDOWS * (config.baselineSeconds + config.windowSeconds) + 3;
    log(`lab: ${results.length} episodes recorded (${flagged} flagged); ${quietSeconds}s of quiet for normal windows`);
    await sleepUnless(quietSeconds * 1000, () => interrupted);
    if (interrupted) {
      return 130;
    }

    log('lab: training a DTW 1-NN model on the library and cross-validating it...');
    const store = openStore(storeFile);
    let evaluation: ModelEvaluation | null | undefined;
    let modelId: number;
    try {
      const report = await trainModel(
        { config, store, api },
        {
          name: `lab-${plan.name}`,
          classifier: { classifier: 'dtw-d', k: 1, rejectUnknown: false },
          normalPerEpisode: NORMAL_WINDOWS / Math.max(1, results.length),
          evaluate: true,
        }
      );
      modelId = report.model.id;
      for (const skipped of report.skipped) {
        log(`lab: skipped a ${skipped.label} window: ${skipped.reason}`);
      }
      evaluation = store.models.evaluation(modelId);
    } finally {
      store.close();
    }
    const wallSeconds = Math.round((Date.now() - started) / 1000);
    const reportFile = path.join(directory, 'report.md');
    writeFileSync(reportFile, renderReport(plan, results, evaluation ?? null, modelId, wallSeconds));
    log('');
    for (const line of summaryLines(evaluation ?? null)) {
      log(`lab: ${line}`);
    }
    log(`lab: model ${modelId} stored and active in ${storeFile}`);
    log(`lab: report ${reportFile}`);
    log(`lab: wall time ${wallSeconds}s.`);
    if (options.serve) {
      await serveUntilInterrupted(configFile, log, () => interrupted);
    } else {
      log(
        'lab: to look at it in Grafana, run the lab with --serve: it keeps the shop and Prometheus up and serves the model'
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof CampaignAborted) {
      log(`lab: ${error.message}`);
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    await prometheus.stop();
    await exporter.close();
    await supervisor.stop();
    log('lab: stopped the shop, Prometheus and the exporter; the store and logs are kept.');
    // Left attached: a write to a closed pipe errors asynchronously, after this line's write.
  }
}

/**
 * The backend config the lab's model and `culprit serve` use: the lab catalogue plus the cgroup features, and the
 * campaign API's local driver pointed at this lab's supervisor.
 */
function writeBackendConfig(
  servePort: number,
  directory: string,
  plan: CampaignPlan,
  prometheusUrl: string,
  storeFile: string,
  services: string[],
  labUrl: string
): string {
  const shipped = parseYaml(readFileSync(path.join(REPO_ROOT, 'backend', 'config', 'catalogue-lab.yaml'), 'utf8')) as {
    features: Array<Record<string, string>>;
  };
  const config = {
    prometheus: { url: prometheusUrl, timeoutMs: 10_000, retries: 2 },
    services,
    catalogue: { name: 'lab-cgroup', features: [...shipped.features, ...CGROUP_FEATURES] },
    stepSeconds: 1,
    windowSeconds: plan.faultSeconds,
    // Features are scaled against the baseline: half a minute of 1 s samples gives a steadier scale than 10 or 12.
    baselineSeconds: Math.max(30, plan.faultSeconds),
    store: { path: storeFile },
    api: { tokens: [randomBytes(24).toString('hex')] },
    listen: { host: HOST, port: servePort },
    // With --serve, the app's Campaigns page runs campaigns against this lab (POST /api/campaigns).
    campaigns: { driver: 'local', labUrl },
  };
  const file = path.join(directory, 'culprit.yaml');
  writeFileSync(file, `# Written by \`npm run lab\` for this lab run.\n${stringify(config)}`);
  return file;
}

/** Runs `culprit serve` on the lab's config (the shop and Prometheus still up) until the lab is interrupted. */
async function serveUntilInterrupted(
  configFile: string,
  log: (line: string) => void,
  interrupted: () => boolean
): Promise<void> {
  const config = loadConfig(configFile, {});
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'backend', 'bin', 'culprit.js'), 'serve', '--config', configFile, '--continuous'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    }
  );
  log(
    `lab: serving the model on http://${config.listen.host}:${config.listen.port} (token: the first of api.tokens in ${configFile})`
  );
  log('lab: point a Grafana Culprit datasource at it; Ctrl-C stops everything');
  try {
    while (!interrupted() && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

/** A path relative to the working directory when it is inside it, else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? path.resolve(file) : relative;
}

function percent(value: number): string {
  return `${(100 * value).toFixed(1)} %`;
}

function summaryLines(evaluation: ModelEvaluation | null): string[] {
  if (!evaluation) {
    return ['no evaluation stored'];
  }
  return [
    `evaluation (${evaluation.folds}-fold cross-validation on ${evaluation.instances} instances, ${evaluation.labels.length} classes):`,
    `  (service, fault) accuracy ${percent(evaluation.accuracy)}, service accuracy ${percent(evaluation.serviceAccuracy)}`,
    `  AC@1 ${percent(evaluation.ac1)}, AC@3 ${percent(evaluation.ac3)}, Avg@5 ${percent(evaluation.avg5)}`,
  ];
}

function renderReport(
  plan: CampaignPlan,
  results: readonly EpisodeResult[],
  evaluation: ModelEvaluation | null,
  modelId: number,
  wallSeconds: number
): string {
  const lines = [
    `# Culprit lab run: ${plan.name}`,
    '',
    `Wall time ${wallSeconds} s. ${results.length} episodes, model ${modelId} (DTW_D 1-NN).`,
    '',
    '## Evaluation',
    '',
    ...summaryLines(evaluation).map((line) => line.replace(/^ {2}/, '- ')),
    '',
  ];
  if (evaluation) {
    lines.push(
      'Confusion matrix (rows: true label, columns: predicted):',
      '',
      `| | ${evaluation.labels.join(' | ')} |`
    );
    lines.push(`|---|${evaluation.labels.map(() => '---').join('|')}|`);
    evaluation.confusion.forEach((row, index) => lines.push(`| ${evaluation.labels[index]} | ${row.join(' | ')} |`));
    lines.push('');
  }
  lines.push('## Episodes', '', '| # | service | fault | start | seconds | symptom |', '|---|---|---|---|---|---|');
  for (const result of results) {
    lines.push(
      `| ${result.episodeId} | ${result.fault.service} | ${result.fault.spec.kind} | ${new Date(result.startMs).toISOString()} | ` +
        `${((result.endMs - result.startMs) / 1000).toFixed(1)} | ${result.verdict?.message ?? 'not verified'} |`
    );
  }
  return `${lines.join('\n')}\n`;
}

async function sleepUnless(ms: number, stop: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !stop()) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
