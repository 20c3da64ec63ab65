import type { Backend } from '../service/createBackend';
import { modelRef } from '../service/diagnosisService';
import { startContinuousDiagnosis, type ContinuousDiagnosis } from './continuousDiagnosis';
import { DiagnosisResults } from './diagnosisResults';
import { PinnedBaselineDiagnosis } from './pinnedBaselineDiagnosis';
import { serviceDiagnoseWindow } from './serviceDiagnoseWindow';

const ONE_DAY_SECONDS = 86_400;
/** A pinned baseline is released after this many windows: beyond, normal drift would read as the fault. */
const MAX_PINNED_WINDOWS = 10;

/**
 * The results store of `culprit serve --continuous`: one day of steps. Create it before the backend and pass it as
 * `createBackend(config, { continuous })`, so the timeline and incidents routes answer from it.
 */
export function continuousResults(stepSeconds: number): DiagnosisResults {
  return new DiagnosisResults(Math.ceil(ONE_DAY_SECONDS / stepSeconds), stepSeconds * 1000);
}

export interface BackendContinuousOptions {
  readonly stepSeconds: number;
  /**
   * Keep the baseline from before a fault's onset while a culprit is named (default true), so an alert lasts as long
   * as the fault; see {@link PinnedBaselineDiagnosis}. False: every window against the window just before it.
   */
  readonly pinBaseline?: boolean;
  /**
   * How long before the window its baseline ends while no culprit is named (default 0: just before it). One window
   * keeps a fault's first two windows, not one, scaled against a baseline from before its onset (see
   * {@link PinnedBaselineDiagnosis}); in the lab alerting test it did no better (1 of 3 runs passed, against 4 of 5
   * without), so it is off until measured further.
   */
  readonly baselineLagSeconds?: number;
  /** Where a failed run is reported; a reason is written once, then again only when it changes. */
  readonly log?: (line: string) => void;
}

/**
 * Runs the continuous loop of `culprit serve --continuous` on a built backend: every step it diagnoses the window of
 * the configured `windowSeconds` ending now, with the active model, with the backend's own pieces (the same worker
 * threads, Prometheus client, instance builder and explanation as `POST /api/diagnose`; the baseline pinned while a
 * fault lasts, see {@link PinnedBaselineDiagnosis}), exports the answer on the backend's `/metrics`
 * registry and keeps it in `results`. Stop it before closing the backend.
 */
export function startBackendContinuous(
  backend: Backend,
  results: DiagnosisResults,
  options: BackendContinuousOptions
): ContinuousDiagnosis {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let lastReason: string | null = null;
  const pinned = new PinnedBaselineDiagnosis({
    config: backend.config,
    api: backend.prometheus,
    resolveModel: () => backend.diagnosis.resolveModel(),
    classify: backend.classifying.classify,
    maxPinnedSeconds: MAX_PINNED_WINDOWS * backend.config.windowSeconds,
    baselineLagSeconds: options.baselineLagSeconds ?? 0,
  });
  const diagnose =
    options.pinBaseline === false
      ? (from: number, to: number) => backend.diagnosis.diagnose(from, to)
      : (from: number, to: number) => pinned.diagnose(from, to);
  return startContinuousDiagnosis({
    diagnoseWindow: serviceDiagnoseWindow({ diagnose }),
    registry: backend.metrics.registry,
    stepSeconds: options.stepSeconds,
    windowSeconds: backend.config.windowSeconds,
    results,
    activeModel: () => {
      const active = backend.store.models.active();
      return active ? modelRef(active) : null;
    },
    onResult: (result) => {
      if (result.diagnosis !== null && lastReason !== null) {
        log('culprit: continuous diagnosis recovered');
        lastReason = null;
      }
    },
    onError: (error) => {
      const reason = error instanceof Error ? error.message : String(error);
      if (reason !== lastReason) {
        log(`culprit: continuous diagnosis failed (retrying every ${options.stepSeconds} s): ${reason}`);
        lastReason = reason;
      }
    },
  });
}
