import type { CampaignsConfig, ServicesConfig } from '../config/config';
import type { PrometheusApi } from '../prometheus/prometheusClient';
import { CulpritError } from '../service/errors';
import type { CampaignRecord } from '../store/campaignStore';
import type { CulpritStore } from '../store/openStore';
import { type CampaignPlan, parseCampaignPlan, PlanError, scheduleCampaign } from './campaignPlan';
import { CampaignAborted, CampaignRunner, recoverJournal, type RunnerEvents } from './campaignRunner';
import { createDriver } from './createDriver';
import { driverConfigFrom } from './driverConfig';
import { StoreEpisodeRecorder } from './episodeRecorder';
import type { FaultActiveExporter } from './faultActiveExporter';
import { FaultJournal } from './faultJournal';
import { GrafanaAnnotator } from './grafanaAnnotator';
import { SymptomVerifier } from './symptomVerifier';

/** What the campaign API runs with; built by `createBackend` from the `campaigns:` section of culprit.yaml. */
export interface CampaignServiceParts {
  readonly store: CulpritStore;
  readonly settings: CampaignsConfig;
  /** The backend's services: a plan may only name configured ones (when they are a fixed list). */
  readonly services: ServicesConfig;
  /** Where symptoms are checked (the backend's Prometheus) when a plan asks for it. */
  readonly prometheus?: Pick<PrometheusApi, 'queryRange'>;
  /** `culprit_fault_active`, on the backend's own /metrics. */
  readonly exporter?: FaultActiveExporter;
  /** Where warnings go (the server log). */
  readonly log?: (line: string) => void;
}

interface ActiveCampaign {
  readonly id: number;
  readonly runner: CampaignRunner;
  /** Settles (never rejects) once the campaign has ended and its row says how. */
  readonly done: Promise<void>;
}

const DIED_MESSAGE = 'the backend stopped while this campaign ran';

/**
 * Runs fault campaigns for the HTTP API, one at a time, with the same runner, journal and recorder as
 * `culprit campaign run`. Progress goes to the store's `campaigns` table from the runner's events, so a restart
 * still lists past campaigns. At start it reverts whatever the journal says a dead process left active and marks
 * the campaign that was running then as failed. Episodes go into the backend's own store, the one the API serves.
 */
export class CampaignService {
  private active?: ActiveCampaign;
  /** A start request between its first check and the runner existing: a second one must be refused, not raced. */
  private starting = false;
  /** Set by `close()`: the backend is shutting down and must not start what it could not stop. */
  private closing = false;
  private readonly journal: FaultJournal;
  private readonly recovery: Promise<void>;

  constructor(private readonly parts: CampaignServiceParts) {
    this.journal = new FaultJournal(parts.settings.journalPath);
    this.recovery = this.recoverFromEarlierRun();
  }

  /** Newest first. */
  async list(): Promise<CampaignRecord[]> {
    await this.recovery;
    return this.parts.store.campaigns.list();
  }

  async get(id: number): Promise<CampaignRecord> {
    await this.recovery;
    const record = this.parts.store.campaigns.get(id);
    if (!record) {
      throw notFound(id);
    }
    return record;
  }

  /**
   * Validates the plan, checks the driver can reach every service, records the campaign and starts it in the
   * background; resolves to its record in state `running`. Nothing is started when anything is wrong.
   */
  async start(planText: string): Promise<CampaignRecord> {
    await this.recovery;
    this.refuseWhileRunning();
    this.starting = true;
    try {
      const plan = this.parsePlan(planText);
      // Faults an earlier run left active (if the first recovery failed) must be gone before a new one starts.
      try {
        await recoverJournal(this.journal, this.events());
      } catch (error) {
        throw new CulpritError('CULPRIT_DRIVER_UNAVAILABLE', (error as Error).message);
      }
      const driverConfig = driverConfigFrom(this.parts.settings, plan.containerTemplate, 'campaigns.labUrl');
      const driver = createDriver(driverConfig);
      try {
        await driver.check(plan.services);
      } catch (error) {
        throw new CulpritError(
          'CULPRIT_DRIVER_UNAVAILABLE',
          `the ${driver.name} fault driver is not ready, so nothing was started: ${(error as Error).message}`
        );
      }
      const store = this.parts.store;
      const record = store.campaigns.create({
        name: plan.name,
        planText,
        driver: driver.name,
        total: scheduleCampaign(plan).length,
      });
      const recorder = new StoreEpisodeRecorder(store);
      const { prometheus, settings, exporter } = this.parts;
      const runner = new CampaignRunner({
        driver,
        driverConfig,
        journal: this.journal,
        recorder,
        exporter,
        verifier: prometheus ? new SymptomVerifier(prometheus, plan.rateInterval) : undefined,
        annotator: settings.grafana ? new GrafanaAnnotator(settings.grafana.url, settings.grafana.token) : undefined,
        events: this.events(record.id),
      });
      const done = runner
        .run(plan)
        .then(
          (results) => {
            const flagged = results.filter((result) => result.verdict && !result.verdict.landed).length;
            store.campaigns.finish(
              record.id,
              'succeeded',
              `${results.length} episodes recorded${flagged ? `, ${flagged} flagged (symptom not seen)` : ''}`
            );
          },
          (error: unknown) => {
            if (error instanceof CampaignAborted) {
              store.campaigns.finish(record.id, 'stopped', error.message);
            } else {
              this.log(`campaign ${record.id} failed: ${(error as Error)?.stack ?? String(error)}`);
              store.campaigns.finish(record.id, 'failed', (error as Error)?.message ?? String(error));
            }
          }
        )
        // Nobody may be waiting on this promise: a failure to write the outcome is logged, never left unhandled.
        .catch((error: unknown) => this.log(`could not record how campaign ${record.id} ended: ${String(error)}`))
        .finally(() => {
          recorder.close();
          if (this.active?.id === record.id) {
            this.active = undefined;
          }
        });
      this.active = { id: record.id, runner, done };
      return record;
    } finally {
      this.starting = false;
    }
  }

  /**
   * Stops a running campaign as Ctrl-C stops the CLI: the fault in progress is reverted (and that episode recorded),
   * then the campaign ends in state `stopped`. Resolves once that has happened, to the final record.
   */
  async stop(id: number): Promise<CampaignRecord> {
    const record = await this.get(id);
    const active = this.active;
    if (!active || active.id !== id) {
      throw new CulpritError(
        'CULPRIT_CONFLICT',
        `campaign ${id} is not running (it ${record.state}); there is nothing to stop`,
        'params/id'
      );
    }
    active.runner.abort();
    await active.done;
    return this.get(id);
  }

  /** Stops the running campaign (its fault reverted) before the backend closes its store. */
  async close(): Promise<void> {
    this.closing = true;
    await this.recovery;
    const active = this.active;
    if (active) {
      active.runner.abort();
      await active.done;
    }
  }

  private refuseWhileRunning(): void {
    if (this.closing) {
      throw new CulpritError('CULPRIT_CONFLICT', 'the backend is shutting down; start the campaign after it restarts');
    }
    if (this.starting) {
      throw new CulpritError('CULPRIT_CONFLICT', 'another campaign is being started; one campaign runs at a time');
    }
    // Between the row's final state and the runner letting go, a new campaign may already start.
    const active = this.active && this.parts.store.campaigns.get(this.active.id);
    if (active?.state === 'running') {
      throw new CulpritError(
        'CULPRIT_CONFLICT',
        `campaign ${active.id} ("${active.name}") is running (${active.completed} of ${active.total} episodes done); ` +
          `one campaign runs at a time: wait for it or stop it with POST /api/campaigns/${active.id}/stop`
      );
    }
  }

  private parsePlan(planText: string): CampaignPlan {
    let plan: CampaignPlan;
    try {
      plan = parseCampaignPlan(planText, 'body/plan');
    } catch (error) {
      if (error instanceof PlanError) {
        throw new CulpritError('CULPRIT_VALIDATION', error.message, 'body/plan');
      }
      throw error;
    }
    const services = this.parts.services;
    if (services.kind === 'list') {
      plan.services.forEach((service, index) => {
        if (!services.names.includes(service)) {
          throw new CulpritError(
            'CULPRIT_VALIDATION',
            `body/plan: services[${index}]: "${service}" is not one of the services in culprit.yaml ` +
              `(${services.names.join(', ')}); fix the plan or add the service to the config`,
            'body/plan'
          );
        }
      });
    }
    return plan;
  }

  /** Runner events of campaign `id` written to its row (or, without an id, only logged: journal recovery). */
  private events(id?: number): RunnerEvents {
    const campaigns = this.parts.store.campaigns;
    const episodeIds: number[] = [];
    return {
      onEpisodeStart: (fault) => {
        if (id === undefined) {
          return;
        }
        const start = Date.now();
        campaigns.progress(id, {
          completed: fault.index,
          current: {
            service: fault.service,
            fault: fault.spec.kind,
            start,
            end: start + fault.durationSeconds * 1000,
          },
        });
      },
      onEpisodeEnd: (result) => {
        if (id === undefined) {
          return;
        }
        episodeIds.push(result.episodeId);
        campaigns.progress(id, { completed: result.fault.index + 1, current: null, episodeIds });
      },
      onRecovered: (entry) => this.log(`reverted ${entry.kind} on ${entry.service} left active by an earlier run`),
      onWarning: (message) => {
        this.log(`warning: ${message}`);
        if (id !== undefined) {
          campaigns.progress(id, { message });
        }
      },
    };
  }

  /** Reverts what the journal holds and marks campaigns a dead process left `running` as failed, saying which. */
  private async recoverFromEarlierRun(): Promise<void> {
    let outcome: string;
    try {
      const reverted = await recoverJournal(this.journal, this.events());
      outcome =
        reverted > 0
          ? `; the ${reverted} fault(s) it left active were reverted from the journal at the next start`
          : '; no fault was left active';
    } catch (error) {
      // Starting a new campaign retries the recovery; until then the fault may still be active.
      this.log(`could not revert faults left active by an earlier run: ${(error as Error).message}`);
      outcome = `; reverting the fault it left active failed at the next start: ${(error as Error).message}`;
    }
    const failed = this.parts.store.campaigns.failRunning(`${DIED_MESSAGE}${outcome}`);
    if (failed.length > 0) {
      this.log(`campaign(s) ${failed.join(', ')} were running when the backend stopped: marked failed`);
    }
  }

  private log(line: string): void {
    (this.parts.log ?? ((text: string) => process.stderr.write(`${text}\n`)))(`culprit: campaigns: ${line}`);
  }
}

function notFound(id: number): CulpritError {
  return new CulpritError('CULPRIT_NOT_FOUND', `no campaign with id ${id}; GET /api/campaigns lists them`, 'params/id');
}
