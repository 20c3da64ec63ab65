import type { Backend } from '../service/createBackend';
import { modelRef } from '../service/diagnosisService';
import { startContinuousDiagnosis, type ContinuousDiagnosis } from './continuousDiagnosis';
import { DiagnosisResults } from './diagnosisResults';
import { serviceDiagnoseWindow, unknownThresholdOf } from './serviceDiagnoseWindow';

const ONE_DAY_SECONDS = 86_400;

/**
 * The results store of `culprit serve --continuous`: one day of steps. Create it before the backend and pass it as
 * `createBackend(config, { continuous })`, so the timeline and incidents routes answer from it.
 */
export function continuousResults(stepSeconds: number): DiagnosisResults {
  return new DiagnosisResults(Math.ceil(ONE_DAY_SECONDS / stepSeconds), stepSeconds * 1000);
}

export interface BackendContinuousOptions {
  readonly stepSeconds: number;
  /** Where a failed run is reported; a reason is written once, then again only when it changes. */
  readonly log?: (line: string) => void;
}

/**
 * Runs the continuous loop of `culprit serve --continuous` on a built backend: every step it diagnoses the window of
 * the configured `windowSeconds` ending now, with the active model, through the backend's own diagnosis service (the
 * same worker threads and Prometheus client as `POST /api/diagnose`), exports the answer on the backend's `/metrics`
 * registry and keeps it in `results`. Stop it before closing the backend.
 */
export function startBackendContinuous(
  backend: Backend,
  results: DiagnosisResults,
  options: BackendContinuousOptions
): ContinuousDiagnosis {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // A model's classifier JSON holds its whole training set: parse it once per model, not every step.
  let thresholdOf: { modelId: number; threshold: number | null } | null = null;
  const unknownThreshold = (modelId: number): number | null => {
    if (thresholdOf?.modelId !== modelId) {
      thresholdOf = { modelId, threshold: unknownThresholdOf(backend.store.models.classifierJson(modelId)) };
    }
    return thresholdOf.threshold;
  };
  let lastReason: string | null = null;
  return startContinuousDiagnosis({
    diagnoseWindow: serviceDiagnoseWindow({
      diagnose: (from, to) => backend.diagnosis.diagnose(from, to),
      unknownThreshold,
    }),
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
