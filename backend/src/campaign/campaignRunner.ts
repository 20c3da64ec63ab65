import type { AppliedFault, FaultDriver } from '../chaos/faultDriver';
import { faultParams } from '../chaos/faultSpec';
import { type CampaignPlan, type ScheduledFault, scheduleCampaign } from './campaignPlan';
import { createDriver } from './createDriver';
import type { EpisodeRecorder } from './episodeRecorder';
import type { FaultActiveExporter } from './faultActiveExporter';
import type { DriverConfig, FaultJournal } from './faultJournal';
import type { GrafanaAnnotator } from './grafanaAnnotator';
import type { SymptomVerifier, Verdict } from './symptomVerifier';

/** What the runner reports as it goes (the CLI turns it into a progress bar and log lines). */
export interface RunnerEvents {
  onEpisodeStart?(fault: ScheduledFault, total: number): void;
  onEpisodeEnd?(result: EpisodeResult, total: number): void;
  onRecovered?(entry: { service: string; kind: string }): void;
  onWarning?(message: string): void;
}

export interface EpisodeResult {
  readonly fault: ScheduledFault;
  readonly startMs: number;
  readonly endMs: number;
  readonly verdict: Verdict | null;
  readonly episodeId: number;
}

export interface CampaignRunnerParts {
  readonly driver: FaultDriver;
  /** How to rebuild the driver later, written into the journal for crash recovery. */
  readonly driverConfig: DriverConfig;
  readonly journal: FaultJournal;
  readonly recorder: EpisodeRecorder;
  readonly exporter?: FaultActiveExporter;
  readonly verifier?: SymptomVerifier;
  readonly annotator?: GrafanaAnnotator;
  /** Wait after a revert before asking Prometheus, so the last scrapes of the fault window are in (ms). */
  readonly verifyDelayMs?: number;
  readonly events?: RunnerEvents;
  readonly now?: () => number;
}

/** The campaign ended early because `abort()` was called (Ctrl-C, SIGTERM); the fault in progress was reverted. */
export class CampaignAborted extends Error {
  override readonly name = 'CampaignAborted';
}

/**
 * Runs a campaign plan: for each scheduled fault, journal it, inject it, hold it, revert it, check its symptom,
 * record the episode (store, Grafana annotation, `culprit_fault_active`), then wait out the gap.
 * A fault is ALWAYS reverted: at the normal end, when `abort()` is called, when anything throws, and, after a
 * crash or SIGKILL, by `recover()` at the next start from the journal.
 */
export class CampaignRunner {
  private readonly controller = new AbortController();
  private readonly now: () => number;
  /** When the previous episode ended: a symptom's baseline must not reach back into it. */
  private previousEndMs?: number;

  constructor(private readonly parts: CampaignRunnerParts) {
    this.now = parts.now ?? Date.now;
  }

  /** Ends the campaign as soon as the fault in progress is reverted. */
  abort(): void {
    this.controller.abort();
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  /** Reverts every fault a previous run left in the journal, each with the driver that applied it. */
  async recover(): Promise<number> {
    return recoverJournal(this.parts.journal, this.parts.events);
  }

  async run(plan: CampaignPlan): Promise<EpisodeResult[]> {
    const { driver, exporter, events } = this.parts;
    await this.recover();
    await driver.check(plan.services);
    const schedule = scheduleCampaign(plan);
    exporter?.declare(plan.services, [...new Set(plan.faults.map((fault) => fault.kind))]);
    const results: EpisodeResult[] = [];
    await this.sleep(plan.settleSeconds * 1000);
    for (const fault of schedule) {
      if (this.aborted) {
        break;
      }
      events?.onEpisodeStart?.(fault, schedule.length);
      const result = await this.runEpisode(fault, plan);
      results.push(result);
      events?.onEpisodeEnd?.(result, schedule.length);
      if (fault.index < schedule.length - 1) {
        await this.sleep(plan.gapSeconds * 1000);
      }
    }
    if (this.aborted) {
      throw new CampaignAborted(
        `campaign stopped after ${results.length} of ${schedule.length} episodes; every fault was reverted`
      );
    }
    return results;
  }

  private async runEpisode(fault: ScheduledFault, plan: CampaignPlan): Promise<EpisodeResult> {
    const { driver, driverConfig, journal, exporter } = this.parts;
    const request = { service: fault.service, spec: fault.spec, durationSeconds: fault.durationSeconds };
    // The intent goes to disk first: if we die inside apply(), recovery still knows what to undo.
    const intent: AppliedFault = { ...request, driver: driver.name, data: {} };
    const journalId = journal.add(driverConfig, intent);
    const startMs = this.now();
    let applied: AppliedFault = intent;
    try {
      applied = await driver.apply(request);
      journal.update(journalId, applied);
      exporter?.setActive(fault.service, fault.spec.kind, true);
      await this.sleep(fault.durationSeconds * 1000);
    } finally {
      await driver.revert(applied);
      exporter?.setActive(fault.service, fault.spec.kind, false);
      journal.remove(journalId);
    }
    const endMs = this.now();
    const verdict = await this.verify(fault, plan, startMs, endMs);
    this.previousEndMs = endMs;
    exporter?.countEpisode(verdict ? verdict.landed : null);
    const notes = verdict
      ? `${verdict.landed ? 'verified' : 'FLAGGED'}: ${verdict.message}`
      : 'not verified (no Prometheus configured)';
    const episodeId = await this.parts.recorder.record({
      service: fault.service,
      fault: fault.spec.kind,
      params: {
        ...faultParams(fault.spec),
        driver: driver.name,
        campaign: plan.name,
        verified: verdict ? verdict.landed : null,
      },
      startMs,
      endMs,
      notes,
    });
    await this.annotate(fault, startMs, endMs, notes);
    return { fault, startMs, endMs, verdict, episodeId };
  }

  private async verify(
    fault: ScheduledFault,
    plan: CampaignPlan,
    startMs: number,
    endMs: number
  ): Promise<Verdict | null> {
    const verifier = this.parts.verifier;
    if (!verifier || !plan.verify) {
      return null;
    }
    await delay(this.parts.verifyDelayMs ?? 2_000);
    const baselineStartMs = baselineStart(startMs, this.previousEndMs, durationMs(plan.rateInterval));
    try {
      return await verifier.verify(fault.service, fault.spec, {
        baselineStartMs,
        startMs,
        endMs,
      });
    } catch (error) {
      this.parts.events?.onWarning?.(
        `could not check the symptom of ${fault.service}/${fault.spec.kind}: ${(error as Error).message}`
      );
      return {
        landed: false,
        baseline: NaN,
        during: NaN,
        message: `symptom check failed: ${(error as Error).message}`,
      };
    }
  }

  private async annotate(fault: ScheduledFault, startMs: number, endMs: number, notes: string): Promise<void> {
    const annotator = this.parts.annotator;
    if (!annotator) {
      return;
    }
    try {
      await annotator.annotate({
        service: fault.service,
        fault: fault.spec.kind,
        startMs,
        endMs,
        text: `Culprit campaign: ${fault.spec.kind} on ${fault.service}. ${notes}`,
      });
    } catch (error) {
      // The episode is already in the store; a Grafana outage must not stop the campaign.
      this.parts.events?.onWarning?.((error as Error).message);
    }
  }

  /** Waits, but returns at once when the campaign is aborted. */
  private sleep(ms: number): Promise<void> {
    const signal = this.controller.signal;
    if (signal.aborted || ms <= 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}

/**
 * Reverts every fault in the journal with a driver rebuilt from the entry, removing each entry once reverted.
 * Resolves to the number reverted; throws (leaving the entry) when a revert fails, so nothing is forgotten.
 */
export async function recoverJournal(journal: FaultJournal, events?: RunnerEvents): Promise<number> {
  let reverted = 0;
  for (const entry of journal.entries()) {
    const driver = createDriver(entry.driver);
    try {
      await driver.revert(entry.fault);
    } catch (error) {
      throw new Error(
        `could not revert ${entry.fault.spec.kind} on ${entry.fault.service} left by an earlier run ` +
          `(journal ${journal.file}): ${(error as Error).message}`
      );
    }
    journal.remove(entry.id);
    events?.onRecovered?.({ service: entry.fault.service, kind: entry.fault.spec.kind });
    reverted++;
  }
  return reverted;
}

const MIN_BASELINE_MS = 2_000;
const MAX_BASELINE_MS = 30_000;

/**
 * Where the quiet window a symptom is compared against starts: up to 30 s before the fault, but not before the
 * previous episode's end plus one rate interval (its rates still carry the previous fault), and at least 2 s.
 */
export function baselineStart(startMs: number, previousEndMs: number | undefined, rateIntervalMs: number): number {
  const earliest =
    previousEndMs === undefined
      ? startMs - MAX_BASELINE_MS
      : Math.max(startMs - MAX_BASELINE_MS, previousEndMs + rateIntervalMs);
  return Math.min(earliest, startMs - MIN_BASELINE_MS);
}

/** Milliseconds in a Prometheus duration of one unit (`500ms`, `10s`, `1m`, `1h`), as the plan validated it. */
function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!match) {
    throw new RangeError(`not a Prometheus duration: ${text}`);
  }
  const unitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  return Number(match[1]) * unitMs[match[2]];
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
