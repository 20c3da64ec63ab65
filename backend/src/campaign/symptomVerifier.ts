import type { FaultSpec } from '../chaos/faultSpec';
import type { PrometheusApi } from '../prometheus/prometheusClient';

/** How a verdict's message says the check ran and the symptom did not show (the study reads it back from labels). */
export const SYMPTOM_NOT_SEEN = 'SYMPTOM NOT SEEN';

/** The metric a fault should move, and by how much, for the runner to believe it landed. */
export interface Symptom {
  /** PromQL; `$service` and `$rateInterval` are filled in. Summed over series at each step. */
  readonly query: string;
  /**
   * `level` for a level that should shift (cpu, latency): the median during the fault against the lower quartile
   * before it (the quiet part of the baseline, since the tail of the previous episode may still show in it);
   * `max` for a spike or a counter that should move (pause, kill).
   */
  readonly aggregate: 'level' | 'max';
  /** How much the aggregate during the fault must exceed the same aggregate over the baseline before it. */
  readonly minIncrease: number;
  readonly description: string;
}

export interface Verdict {
  readonly landed: boolean;
  readonly baseline: number;
  readonly during: number;
  readonly message: string;
}

const MEBIBYTE = 1024 * 1024;

/**
 * The default symptom of each fault kind, in the metric names the shop exports and the lab's cgroup exporter (or
 * cAdvisor, whose container name is the service) provides. Thresholds are deliberately loose: half the injected
 * effect, so a fault that landed passes and one that silently did nothing (Pumba netem without sch_netem) fails.
 */
export function defaultSymptom(spec: FaultSpec): Symptom {
  switch (spec.kind) {
    case 'cpu':
      return {
        query: 'sum(rate(container_cpu_usage_seconds_total{name="$service"}[$rateInterval]))',
        aggregate: 'level',
        minIncrease: 0.1,
        description: 'CPU of the service container rises by at least 0.1 core',
      };
    case 'memory':
      return {
        query: 'sum(container_memory_usage_bytes{name="$service"})',
        aggregate: 'max',
        minIncrease: (spec.workers * spec.bytesPerWorker) / 2,
        description: `memory of the service container rises by at least ${((spec.workers * spec.bytesPerWorker) / 2 / MEBIBYTE).toFixed(0)} MiB`,
      };
    case 'delay':
      return {
        // Latency of the calls made TO the service, as its callers see it; the gateway's caller is the load generator.
        query:
          'max(histogram_quantile(0.9, sum by (service, le) (rate(http_client_request_duration_seconds_bucket{target="$service"}[$rateInterval]))))' +
          ' or histogram_quantile(0.9, sum by (le) (rate(shop_load_step_duration_seconds_bucket[$rateInterval])))',
        aggregate: 'level',
        minIncrease: spec.timeMs / 2 / 1000,
        description: `p90 latency of calls to the service rises by at least ${spec.timeMs / 2} ms`,
      };
    case 'loss':
      return {
        query:
          'sum(rate(http_client_request_duration_seconds_count{target="$service",status_code!~"[234].."}[$rateInterval]))' +
          ' or sum(rate(shop_load_step_duration_seconds_count{status_code="0"}[$rateInterval]))',
        aggregate: 'level',
        minIncrease: 0.05,
        description: 'failed calls to the service rise by at least 0.05 per second',
      };
    case 'pause':
      return {
        query: '1 - max(up{service="$service"})',
        aggregate: 'max',
        minIncrease: 1,
        description: 'a scrape of the service fails (it is frozen)',
      };
    case 'kill':
      return {
        query:
          'max(changes(process_start_time_seconds{service="$service"}[$rateInterval])) or (1 - max(up{service="$service"}))',
        aggregate: 'max',
        minIncrease: 1,
        description: 'the service restarts (a new process start time) or a scrape fails',
      };
  }
}

/** Fills `$service` and `$rateInterval` into a symptom query. */
export function symptomQuery(symptom: Symptom, service: string, rateInterval: string): string {
  return symptom.query.replaceAll('$service', service).replaceAll('$rateInterval', rateInterval);
}

/**
 * Checks in Prometheus whether a fault's symptom showed: compares the aggregate of the symptom query over the fault
 * window with the same aggregate over the baseline window just before it.
 */
export class SymptomVerifier {
  constructor(
    private readonly prometheus: Pick<PrometheusApi, 'queryRange'>,
    private readonly rateInterval: string,
    private readonly stepSeconds = 1
  ) {}

  async verify(
    service: string,
    spec: FaultSpec,
    window: { baselineStartMs: number; startMs: number; endMs: number }
  ): Promise<Verdict> {
    const symptom = defaultSymptom(spec);
    const query = symptomQuery(symptom, service, this.rateInterval);
    const series = await this.prometheus.queryRange(
      query,
      Math.floor(window.baselineStartMs / 1000),
      Math.ceil(window.endMs / 1000),
      this.stepSeconds
    );
    const before: number[] = [];
    const during: number[] = [];
    for (const one of series) {
      one.times.forEach((time, index) => {
        const value = one.values[index];
        if (!Number.isFinite(value)) {
          return;
        }
        if (time * 1000 < window.startMs) {
          before.push(value);
        } else {
          during.push(value);
        }
      });
    }
    if (during.length === 0) {
      return {
        landed: false,
        baseline: NaN,
        during: NaN,
        message: `no data for the symptom (${symptom.description}): ${query}`,
      };
    }
    const baseline = before.length === 0 ? 0 : symptom.aggregate === 'level' ? quantile(before, 0.25) : max(before);
    const value = symptom.aggregate === 'level' ? quantile(during, 0.5) : max(during);
    const landed = value - baseline >= symptom.minIncrease;
    const message =
      `${landed ? 'symptom seen' : SYMPTOM_NOT_SEEN}: ${symptom.description} ` +
      `(${symptom.aggregate === 'level' ? 'lower quartile' : 'max'} ${format(baseline)} before, ${symptom.aggregate === 'level' ? 'median' : 'max'} ${format(value)} during)`;
    return { landed, baseline, during: value, message };
  }
}

/** The q-quantile with linear interpolation between order statistics (type 7, as numpy's default). */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

function max(values: readonly number[]): number {
  return values.reduce((best, value) => Math.max(best, value), -Infinity);
}

function format(value: number): string {
  return Math.abs(value) >= 1e5 ? value.toExponential(2) : Number(value.toPrecision(3)).toString();
}
