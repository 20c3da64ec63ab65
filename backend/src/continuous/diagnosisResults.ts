import type { Timeline } from '../service/diagnosisService';
import type { WindowDiagnosis } from './windowDiagnosis';

/** One step of the continuous loop: the window `[from, time]` and its diagnosis, or `null` when the run failed. */
export interface ContinuousResult {
  /** End of the diagnosed window, epoch milliseconds (the timeline's point time). */
  readonly time: number;
  readonly from: number;
  readonly diagnosis: WindowDiagnosis | null;
}

/** The timeline answer of `GET /api/diagnoses/timeline` (docs/api.md), without its `window` and `model` fields. */
export type ContinuousTimeline = Omit<Timeline, 'window' | 'model'>;

/** A predicted incident: consecutive results naming the same culprit, merged (docs/api.md, incidents). */
export interface ContinuousIncident {
  readonly from: number;
  readonly to: number;
  readonly service: string;
  readonly fault: string;
  /** Mean confidence over the run. */
  readonly confidence: number;
}

/**
 * The recent results of the continuous loop, kept in a ring buffer of fixed capacity (oldest dropped first) and
 * queryable by time range, so the datasource's timeline and incidents are served from what the loop already computed
 * instead of diagnosing every window again.
 */
export class DiagnosisResults {
  private readonly ring: Array<ContinuousResult | undefined>;
  /** Index of the oldest result in `ring`. */
  private head = 0;
  private count = 0;

  /**
   * @param capacity how many results are kept; at a 15 s step, 5760 keep a day.
   * @param stepMs the loop's step: a range is covered when results reach within one step of both ends.
   */
  constructor(
    readonly capacity: number,
    readonly stepMs: number
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`DiagnosisResults capacity must be a positive integer, got ${capacity}`);
    }
    if (!(stepMs > 0)) {
      throw new RangeError(`DiagnosisResults stepMs must be positive, got ${stepMs}`);
    }
    this.ring = new Array<ContinuousResult | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends a result. Results arrive in time order; one not newer than the latest replaces nothing and is ignored. */
  add(result: ContinuousResult): void {
    const newest = this.at(this.count - 1);
    if (newest !== undefined && result.time <= newest.time) {
      return;
    }
    if (this.count < this.capacity) {
      this.ring[(this.head + this.count) % this.capacity] = result;
      this.count += 1;
    } else {
      this.ring[this.head] = result;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** The latest result, if any. */
  latest(): ContinuousResult | undefined {
    return this.at(this.count - 1);
  }

  /** Results with `from <= time <= to`, oldest first. */
  range(from: number, to: number): ContinuousResult[] {
    const out: ContinuousResult[] = [];
    for (let i = this.firstAtOrAfter(from); i < this.count; i++) {
      const result = this.at(i)!;
      if (result.time > to) {
        break;
      }
      out.push(result);
    }
    return out;
  }

  /**
   * Whether the loop has results for all of `[from, to]`: its oldest kept result is at most one step after `from`,
   * and its newest at most two steps before `to` (one step may be in flight when `to` is now).
   */
  covers(from: number, to: number): boolean {
    const oldest = this.at(0);
    const newest = this.at(this.count - 1);
    if (oldest === undefined || newest === undefined) {
      return false;
    }
    return oldest.time <= from + this.stepMs && newest.time >= to - 2 * this.stepMs;
  }

  /**
   * The timeline over `[from, to]` at `stepMs` (at least the loop's step): for each point time the latest result at or
   * before it, if one lies within one loop step. Services are listed in the order the results first name them.
   */
  timeline(from: number, to: number, stepMs: number): ContinuousTimeline {
    const step = Math.max(stepMs, this.stepMs);
    const results = this.range(from - this.stepMs, to);
    const times: number[] = [];
    const picked: Array<ContinuousResult | undefined> = [];
    let cursor = 0;
    for (let t = from + step; t <= to; t += step) {
      while (cursor + 1 < results.length && results[cursor + 1].time <= t) {
        cursor += 1;
      }
      const candidate = results[cursor];
      times.push(t);
      picked.push(
        candidate !== undefined && candidate.time <= t && t - candidate.time < this.stepMs ? candidate : undefined
      );
    }
    const services: string[] = [];
    for (const result of picked) {
      for (const entry of result?.diagnosis?.services ?? []) {
        if (!services.includes(entry.service)) {
          services.push(entry.service);
        }
      }
    }
    const series = services.map((service) => ({
      service,
      scores: picked.map((result) => {
        const diagnosis = result?.diagnosis;
        return diagnosis ? (diagnosis.services.find((entry) => entry.service === service)?.score ?? 0) : null;
      }),
    }));
    const culprits = picked.map((result, j) => {
      const diagnosis = result?.diagnosis;
      if (!diagnosis) {
        return { time: times[j], service: null, fault: null, confidence: null, status: 'failed' as const };
      }
      return {
        time: times[j],
        service: diagnosis.culprit?.service ?? null,
        fault: diagnosis.culprit?.fault ?? null,
        confidence: diagnosis.ranking[0]?.score ?? null,
        status: diagnosis.status,
      };
    });
    return { times, series, culprits };
  }

  /**
   * Runs of consecutive results in `[from, to]` naming the same culprit, merged; normal, unknown, failed and missed
   * steps end a run. An incident starts one step before its first result, as the on-demand ones do.
   */
  incidents(from: number, to: number): ContinuousIncident[] {
    const incidents: ContinuousIncident[] = [];
    let run: { from: number; to: number; service: string; fault: string; sum: number; n: number } | null = null;
    const close = () => {
      if (run !== null) {
        incidents.push({
          from: run.from,
          to: run.to,
          service: run.service,
          fault: run.fault,
          confidence: run.sum / run.n,
        });
        run = null;
      }
    };
    for (const result of this.range(from, to)) {
      const culprit = result.diagnosis?.culprit ?? null;
      if (culprit === null) {
        close();
        continue;
      }
      if (
        run !== null &&
        run.service === culprit.service &&
        run.fault === culprit.fault &&
        result.time - run.to <= this.stepMs
      ) {
        run.to = result.time;
        run.sum += culprit.confidence;
        run.n += 1;
        continue;
      }
      close();
      // Like the on-demand incidents (service/diagnosisService.ts): the fault began somewhere in the step before.
      run = {
        from: result.time - this.stepMs,
        to: result.time,
        service: culprit.service,
        fault: culprit.fault,
        sum: culprit.confidence,
        n: 1,
      };
    }
    close();
    return incidents;
  }

  private at(i: number): ContinuousResult | undefined {
    return i < 0 || i >= this.count ? undefined : this.ring[(this.head + i) % this.capacity];
  }

  /** Binary search: the index of the first result with `time >= t` (results are kept in time order). */
  private firstAtOrAfter(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid)!.time < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
