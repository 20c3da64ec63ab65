import { unknownAnomaly } from './unknownAnomaly';
import type { DiagnoseWindow, WindowDiagnosis } from './windowDiagnosis';

/**
 * The fields of the backend's diagnosis answer (`POST /api/diagnose`, docs/api.md; `Diagnosis` in
 * service/diagnosisService.ts) that the continuous loop reads. Structural, so the loop does not depend on the rest.
 */
export interface DiagnosisAnswer {
  readonly model: WindowDiagnosis['model'];
  readonly status: 'ok' | 'unknown';
  readonly culprit: WindowDiagnosis['culprit'];
  readonly ranking: ReadonlyArray<{ readonly service: string | null; readonly fault: string; readonly score: number }>;
  readonly services: ReadonlyArray<{ readonly service: string; readonly score: number }>;
  /** Nearest first; empty for classifiers that measure no distance. */
  readonly neighbours: ReadonlyArray<{ readonly distance: number }>;
  /** {@link unknownAnomaly}, when the answer carries it already (the diagnosis service computes it since it has the threshold). */
  readonly unknownAnomaly?: number | null;
}

export interface ServiceDiagnoseWindowDeps {
  /** The backend's diagnosis of `[from, to]` with the active model (`DiagnosisService.diagnose`). */
  diagnose(from: number, to: number): Promise<DiagnosisAnswer>;
  /** The model's unknown threshold, see {@link unknownThresholdOf}, for answers that do not carry `unknownAnomaly`. */
  unknownThreshold?(modelId: number): number | null;
}

/** Maps the backend's diagnosis answer onto what the loop exports. */
export function toWindowDiagnosis(answer: DiagnosisAnswer, unknownThreshold: number | null = null): WindowDiagnosis {
  return {
    model: answer.model,
    status: answer.status,
    culprit: answer.culprit,
    ranking: answer.ranking.map(({ service, fault, score }) => ({ service, fault, score })),
    services: answer.services.map(({ service, score }) => ({ service, score })),
    unknownAnomaly:
      answer.unknownAnomaly !== undefined
        ? answer.unknownAnomaly
        : unknownAnomaly(answer.neighbours[0]?.distance, unknownThreshold),
  };
}

/** A {@link DiagnoseWindow} over the backend's diagnosis service, for `culprit serve --continuous`. */
export function serviceDiagnoseWindow(deps: ServiceDiagnoseWindowDeps): DiagnoseWindow {
  return async (from, to) => {
    const answer = await deps.diagnose(from, to);
    const threshold = answer.unknownAnomaly === undefined ? (deps.unknownThreshold?.(answer.model.id) ?? null) : null;
    return toWindowDiagnosis(answer, threshold);
  };
}

/**
 * The unknown threshold stored in a fitted classifier's JSON (the nearest-neighbour classifiers keep it in
 * `state.unknownThreshold`, see core/classifiers/knnClassifier.ts), or `null` when the classifier has none (unknown
 * answers off, or MiniRocket, which measures no distance).
 */
export function unknownThresholdOf(classifierJson: unknown): number | null {
  if (typeof classifierJson !== 'object' || classifierJson === null) {
    return null;
  }
  const state = (classifierJson as { state?: unknown }).state;
  if (typeof state !== 'object' || state === null) {
    return null;
  }
  const threshold = (state as { unknownThreshold?: unknown }).unknownThreshold;
  return typeof threshold === 'number' && Number.isFinite(threshold) && threshold > 0 ? threshold : null;
}
