import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { CampaignAborted, CampaignRunner, recoverJournal, type RunnerEvents } from '../../campaign/campaignRunner';
import { parseCampaignPlan, planDurationSeconds, PlanError } from '../../campaign/campaignPlan';
import { createDriver } from '../../campaign/createDriver';
import { driverConfigFrom, DriverSettingsError } from '../../campaign/driverConfig';
import { StoreEpisodeRecorder } from '../../campaign/episodeRecorder';
import { FaultActiveExporter } from '../../campaign/faultActiveExporter';
import { type DriverConfig, FaultJournal } from '../../campaign/faultJournal';
import { GrafanaAnnotator } from '../../campaign/grafanaAnnotator';
import { SymptomVerifier } from '../../campaign/symptomVerifier';
import { createPrometheusClient } from '../../prometheus/prometheusClient';
import { UsageError } from '../usageError';
import type { CommandRegistrar } from '.';

const DEFAULT_JOURNAL = path.join('.culprit', 'campaign-journal.json');

interface RunFlags {
  driver: 'local' | 'pumba';
  store: string;
  journal: string;
  labUrl?: string;
  pumbaPath?: string;
  prometheusUrl?: string;
  grafanaUrl?: string;
  grafanaToken?: string;
  metricsPort?: string;
  progress: boolean;
}

/** `culprit campaign run PLAN.yaml` and `culprit campaign recover`. */
export const registerCampaign: CommandRegistrar = (program: Command) => {
  const campaign = program
    .command('campaign')
    .description('Inject labelled faults into a system and record them as episodes.');

  campaign
    .command('run')
    .description('Run a campaign plan: inject each fault, verify it landed, revert it, record the episode.')
    .argument('<plan>', 'campaign plan (YAML), e.g. plans/lab-quick.yaml')
    .addOption(new Option('--driver <driver>', 'how faults are injected').choices(['local', 'pumba']).default('local'))
    .option('--store <file>', 'Culprit store (SQLite) the episodes go to', 'culprit.sqlite')
    .option('--journal <file>', 'journal of active faults, for crash recovery', DEFAULT_JOURNAL)
    .option('--lab-url <url>', 'lab supervisor control URL (local driver; default $CULPRIT_LAB_URL)')
    .option('--pumba-path <path>', 'pumba binary (pumba driver)', 'pumba')
    .option('--prometheus-url <url>', 'Prometheus to verify symptoms in (default $PROMETHEUS_URL; none: no check)')
    .option('--grafana-url <url>', 'Grafana to write region annotations to (default $GRAFANA_URL)')
    .option('--grafana-token <token>', 'Grafana service-account token (default $GRAFANA_TOKEN)')
    .option('--metrics-port <port>', 'serve culprit_fault_active on this port (0: any free port)')
    .option('--no-progress', 'no progress bar, one log line per episode')
    .action(async (planFile: string, flags: RunFlags) => {
      process.exitCode = await runCampaign(planFile, flags);
    });

  campaign
    .command('recover')
    .description('Revert every fault an interrupted campaign left active (the run command also does this first).')
    .option('--journal <file>', 'journal of active faults', DEFAULT_JOURNAL)
    .action(async (flags: { journal: string }) => {
      const reverted = await recoverJournal(new FaultJournal(flags.journal), logEvents());
      process.stderr.write(
        `culprit: ${reverted === 0 ? 'no active fault in the journal' : `reverted ${reverted} fault(s)`}\n`
      );
    });
};

async function runCampaign(planFile: string, flags: RunFlags): Promise<number> {
  let planText: string;
  try {
    planText = readFileSync(planFile, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the plan ${planFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`
    );
  }
  let plan;
  try {
    plan = parseCampaignPlan(planText, planFile);
  } catch (error) {
    if (error instanceof PlanError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  const driverConfig = driverConfigFromFlags(flags, plan.containerTemplate);
  const prometheusUrl = flags.prometheusUrl ?? process.env.PROMETHEUS_URL;
  const grafanaUrl = flags.grafanaUrl ?? process.env.GRAFANA_URL;
  const grafanaToken = flags.grafanaToken ?? process.env.GRAFANA_TOKEN;
  if (grafanaUrl && !grafanaToken) {
    throw new UsageError(
      '--grafana-url needs --grafana-token (or $GRAFANA_TOKEN): a service-account token with Annotations:write'
    );
  }
  const metricsPort = flags.metricsPort === undefined ? undefined : Number(flags.metricsPort);
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535)) {
    throw new UsageError(`--metrics-port must be a TCP port (0-65535), got ${flags.metricsPort}`);
  }

  const exporter = new FaultActiveExporter();
  if (metricsPort !== undefined) {
    const port = await exporter.listen(metricsPort, process.env.CULPRIT_METRICS_HOST ?? '127.0.0.1');
    process.stderr.write(`culprit: culprit_fault_active on http://127.0.0.1:${port}/metrics\n`);
  }
  const recorder = new StoreEpisodeRecorder(flags.store);
  const total = plan.repetitions * plan.services.length * plan.faults.length;
  const bar =
    flags.progress && process.stderr.isTTY
      ? new SingleBar({ format: '{bar} {value}/{total} episodes | {status}', stream: process.stderr })
      : undefined;
  const events = logEvents(bar);
  const runner = new CampaignRunner({
    driver: createDriver(driverConfig),
    driverConfig,
    journal: new FaultJournal(flags.journal),
    recorder,
    exporter,
    verifier: prometheusUrl
      ? new SymptomVerifier(
          createPrometheusClient({ url: prometheusUrl.replace(/\/$/, ''), timeoutMs: 10_000, retries: 2 }),
          plan.rateInterval
        )
      : undefined,
    annotator: grafanaUrl && grafanaToken ? new GrafanaAnnotator(grafanaUrl, grafanaToken) : undefined,
    events,
  });
  const stop = (signal: string) => {
    process.stderr.write(`\nculprit: ${signal}: reverting the active fault, then stopping...\n`);
    runner.abort();
  };
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.stderr.write(
    `culprit: campaign "${plan.name}": ${total} episodes, about ${Math.ceil(planDurationSeconds(plan) / 60)} min\n`
  );
  bar?.start(total, 0, { status: 'starting' });
  try {
    const results = await runner.run(plan);
    bar?.stop();
    const flagged = results.filter((result) => result.verdict && !result.verdict.landed).length;
    process.stderr.write(
      `culprit: ${results.length} episodes recorded in ${flags.store}${flagged ? `, ${flagged} flagged (symptom not seen)` : ''}\n`
    );
    return 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof CampaignAborted) {
      process.stderr.write(`culprit: ${error.message}\n`);
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    recorder.close();
    await exporter.close();
  }
}

function driverConfigFromFlags(flags: RunFlags, containerTemplate: string): DriverConfig {
  try {
    return driverConfigFrom(
      { driver: flags.driver, labUrl: flags.labUrl ?? process.env.CULPRIT_LAB_URL, pumbaPath: flags.pumbaPath },
      containerTemplate,
      '--lab-url (or $CULPRIT_LAB_URL)'
    );
  } catch (error) {
    if (error instanceof DriverSettingsError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

function logEvents(bar?: SingleBar): RunnerEvents {
  const log = (line: string) => {
    if (bar) {
      // Keep the bar on its own line: clear it, print, and let the next update redraw it.
      process.stderr.write(`\r\x1b[K${line}\n`);
    } else {
      process.stderr.write(`${line}\n`);
    }
  };
  return {
    onEpisodeStart: (fault, total) => {
      bar?.update(fault.index, { status: `${fault.spec.kind} on ${fault.service}` });
      if (!bar) {
        log(
          `culprit: [${fault.index + 1}/${total}] ${fault.spec.kind} on ${fault.service} for ${fault.durationSeconds}s`
        );
      }
    },
    onEpisodeEnd: (result) => {
      bar?.update(result.fault.index + 1, { status: 'gap' });
      const verdict = result.verdict ? result.verdict.message : 'not verified';
      log(`culprit: episode ${result.episodeId}: ${result.fault.spec.kind} on ${result.fault.service}: ${verdict}`);
    },
    onRecovered: (entry) => log(`culprit: reverted ${entry.kind} on ${entry.service} left active by an earlier run`),
    onWarning: (message) => log(`culprit: warning: ${message}`),
  };
}
