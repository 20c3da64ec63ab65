import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DiagnosisModel, WindowDiagnosis } from './windowDiagnosis';

/** Buckets of `culprit_diagnosis_seconds`: from a cached 10 ms answer to a 30 s diagnosis against a slow Prometheus. */
export const DIAGNOSIS_SECONDS_BUCKETS: readonly number[] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The outcomes counted by `culprit_continuous_runs_total{outcome}`. */
export type RunOutcome = 'ok' | 'failed' | 'skipped';

/**
 * The series the continuous loop exports on `/metrics` (deploy/prometheus/culprit-rules.yml alerts on them):
 *
 * | series | meaning |
 * |---|---|
 * | `culprit_diagnosis_score{service,fault}` | latest score of each class in [0, 1]; `normal` has `service=""` |
 * | `culprit_service_score{service}` | latest culprit score of each service (sum of its fault classes) |
 * | `culprit_unknown_anomaly` | nearest distance over the unknown threshold (see unknownAnomaly.ts); ≥ 1 = unknown |
 * | `culprit_diagnosis_seconds` | histogram of the time one continuous diagnosis took, failed ones included |
 * | `culprit_model_info{id,name,classifier}` | 1 for the active model |
 * | `culprit_model_age_seconds` | seconds since the active model was stored |
 * | `culprit_continuous_runs_total{outcome}` | steps diagnosed (`ok`), failed, or skipped because a run was still going |
 * | `culprit_continuous_last_success_timestamp_seconds` | end of the window of the last successful diagnosis |
 * | `culprit_continuous_step_seconds` | the loop's step, so rules can say "stale" without hard-coding it |
 *
 * After a failed run the score, service-score and anomaly series are withdrawn: a stale diagnosis must not keep an
 * alert firing, and `culprit_continuous_runs_total{outcome="failed"}` tells the operator why they vanished.
 */
export class ContinuousMetrics {
  private readonly score: Gauge<'service' | 'fault'>;
  private readonly serviceScore: Gauge<'service'>;
  private readonly anomaly: Gauge;
  private readonly seconds: Histogram;
  private readonly modelInfo: Gauge<'id' | 'name' | 'classifier'> | null;
  private readonly runs: Counter<'outcome'>;
  private readonly lastSuccess: Gauge;
  private model: DiagnosisModel | null = null;

  /**
   * @param now the clock, epoch milliseconds (model age is computed from it at scrape time).
   * @param activeModel the model diagnoses use now, if the caller knows it before the first run; otherwise the model of
   *   the latest diagnosis is reported.
   */
  constructor(
    registry: Registry,
    stepSeconds: number,
    private readonly now: () => number,
    private readonly activeModel?: () => DiagnosisModel | null
  ) {
    const registers = [registry];
    this.score = new Gauge({
      name: 'culprit_diagnosis_score',
      help: 'Score in [0, 1] of each (service, fault) class in the latest continuous diagnosis; the normal class has service="".',
      labelNames: ['service', 'fault'],
      registers,
    });
    this.serviceScore = new Gauge({
      name: 'culprit_service_score',
      help: 'Culprit score in [0, 1] of each service in the latest continuous diagnosis (the sum of its fault classes).',
      labelNames: ['service'],
      registers,
    });
    this.anomaly = new Gauge({
      name: 'culprit_unknown_anomaly',
      help: 'Distance of the latest window to the nearest known episode or normal window, divided by the model unknown threshold (>= 1: unknown).',
      registers,
    });
    this.seconds = new Histogram({
      name: 'culprit_diagnosis_seconds',
      help: 'Time taken by one continuous diagnosis (query, build, classify), failed ones included.',
      buckets: [...DIAGNOSIS_SECONDS_BUCKETS],
      registers,
    });
    // The HTTP service may already export the active model's info; one owner per series, so reuse it then.
    this.modelInfo = registry.getSingleMetric('culprit_model_info')
      ? null
      : new Gauge({
          name: 'culprit_model_info',
          help: 'Information about the active model: 1 for the model diagnoses use now.',
          labelNames: ['id', 'name', 'classifier'],
          registers,
        });
    const metrics = this;
    new Gauge({
      name: 'culprit_model_age_seconds',
      help: 'Seconds since the active model was stored.',
      registers,
      collect() {
        const model = metrics.currentModel();
        if (model === null) {
          // remove(), not reset(): reset() of an unlabelled gauge exports 0, which would read as a brand-new model.
          this.remove();
        } else {
          this.set(Math.max(0, (metrics.now() - model.createdAt) / 1000));
        }
      },
    });
    this.runs = new Counter({
      name: 'culprit_continuous_runs_total',
      help: 'Continuous diagnosis steps by outcome: ok, failed, or skipped because the previous run was still going.',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['ok', 'failed', 'skipped'] as const) {
      this.runs.inc({ outcome }, 0);
    }
    this.lastSuccess = new Gauge({
      name: 'culprit_continuous_last_success_timestamp_seconds',
      help: 'End of the window of the last successful continuous diagnosis, Unix seconds.',
      registers,
    });
    new Gauge({
      name: 'culprit_continuous_step_seconds',
      help: 'Step of the continuous diagnosis loop.',
      registers,
    }).set(stepSeconds);
    this.refreshModelInfo();
  }

  /** Records a successful diagnosis of the window ending at `windowEnd` (epoch ms) that took `seconds`. */
  recordSuccess(diagnosis: WindowDiagnosis, windowEnd: number, seconds: number): void {
    this.seconds.observe(seconds);
    this.runs.inc({ outcome: 'ok' });
    this.lastSuccess.set(windowEnd / 1000);
    this.model = diagnosis.model;
    // Reset first: a new model may know other classes, and old classes must not linger at their last score.
    this.score.reset();
    for (const entry of diagnosis.ranking) {
      this.score.set({ service: entry.service ?? '', fault: entry.fault }, entry.score);
    }
    this.serviceScore.reset();
    for (const entry of diagnosis.services) {
      this.serviceScore.set({ service: entry.service }, entry.score);
    }
    if (diagnosis.unknownAnomaly === null) {
      this.anomaly.remove();
    } else {
      this.anomaly.set(diagnosis.unknownAnomaly);
    }
    this.refreshModelInfo();
  }

  /** Records a failed diagnosis and withdraws the latest scores, so no alert fires on a stale answer. */
  recordFailure(seconds: number): void {
    this.seconds.observe(seconds);
    this.runs.inc({ outcome: 'failed' });
    this.score.reset();
    this.serviceScore.reset();
    this.anomaly.remove();
    this.refreshModelInfo();
  }

  /** Counts steps that were not diagnosed because a slower run still held the loop. */
  recordSkipped(steps: number): void {
    if (steps > 0) {
      this.runs.inc({ outcome: 'skipped' }, steps);
    }
  }

  private currentModel(): DiagnosisModel | null {
    return this.activeModel?.() ?? this.model;
  }

  private refreshModelInfo(): void {
    if (this.modelInfo === null) {
      return;
    }
    this.modelInfo.reset();
    const model = this.currentModel();
    if (model !== null) {
      this.modelInfo.set({ id: String(model.id), name: model.name, classifier: model.classifier }, 1);
    }
  }
}
