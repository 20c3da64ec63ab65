/**
 * What the continuous loop needs from one diagnosis of one window, and nothing more. The backend's diagnose service
 * answers a richer shape (docs/api.md, `POST /api/diagnose`); `culprit serve` maps it onto this one, so the loop
 * stays independent of the HTTP layer and can be driven by any diagnose function (tests, other front ends).
 */

/** The model a diagnosis was made with, as exported in `culprit_model_info` and `culprit_model_age_seconds`. */
export interface DiagnosisModel {
  readonly id: number;
  readonly name: string;
  readonly classifier: string;
  /** When the model was stored, epoch milliseconds. */
  readonly createdAt: number;
}

/** One class of the ranking. `service` is `null` for the `normal` class. */
export interface RankedClass {
  readonly service: string | null;
  readonly fault: string;
  readonly score: number;
}

/** A service's culprit score: the sum of its fault classes' scores. */
export interface ServiceScore {
  readonly service: string;
  readonly score: number;
}

/** The diagnosis of the window `[from, to]` (epoch milliseconds). */
export interface WindowDiagnosis {
  readonly model: DiagnosisModel;
  /** `unknown` when nothing in the fault library is close to the window (see docs/api.md). */
  readonly status: 'ok' | 'unknown';
  /** The named culprit, or `null` when the window looks normal or unknown. */
  readonly culprit: { readonly service: string; readonly fault: string; readonly confidence: number } | null;
  /** Every class the model knows, best first, scores in [0, 1] summing to 1. */
  readonly ranking: readonly RankedClass[];
  /** Every configured service, best first. */
  readonly services: readonly ServiceScore[];
  /**
   * How far the window is from anything the model knows, see {@link unknownAnomaly}; `null` when the classifier
   * measures no distance to its training instances (then `culprit_unknown_anomaly` is not exported).
   */
  readonly unknownAnomaly: number | null;
}

/**
 * Diagnoses the window `[from, to]` (epoch milliseconds) with the active model. Rejects when there is no active
 * model, Prometheus is unreachable or the window has too little data; the loop counts and logs the failure and
 * withdraws its scores rather than exporting a stale answer.
 */
export type DiagnoseWindow = (from: number, to: number) => Promise<WindowDiagnosis>;
