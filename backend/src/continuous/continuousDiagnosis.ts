import type { Registry } from 'prom-client';
import { ContinuousMetrics } from './continuousMetrics';
import { DiagnosisResults, type ContinuousResult } from './diagnosisResults';
import type { DiagnoseWindow, DiagnosisModel } from './windowDiagnosis';

/** Time as the loop sees it; injectable so tests can drive the schedule without waiting. */
export interface LoopClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fn` after `ms` milliseconds; returns a function that cancels the call. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** The wall clock and Node's timers. The timer is unref'd: the loop never keeps a process alive on its own. */
export const systemClock: LoopClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return () => clearTimeout(handle);
  },
};

export interface ContinuousDiagnosisOptions {
  readonly diagnoseWindow: DiagnoseWindow;
  /** Where the loop's series are registered (the registry `/metrics` serves). */
  readonly registry: Registry;
  /** Seconds between diagnoses; steps fall on multiples of it (like Prometheus rule evaluation), so replicas agree. */
  readonly stepSeconds: number;
  /** Length of the diagnosed window, ending at the step. */
  readonly windowSeconds: number;
  /** How far the window's end lags behind the step, so the latest scrape is in Prometheus (default 0). */
  readonly lagSeconds?: number;
  readonly clock?: LoopClock;
  /** Where results are kept for the timeline and incidents; default: one day of steps. */
  readonly results?: DiagnosisResults;
  /** The active model, if known before the first run (for `culprit_model_info` and `culprit_model_age_seconds`). */
  readonly activeModel?: () => DiagnosisModel | null;
  /** Told about every failed run (the loop itself never throws). */
  readonly onError?: (error: unknown, result: ContinuousResult) => void;
  /** Told about every finished run, successful or not. */
  readonly onResult?: (result: ContinuousResult) => void;
}

/** A running continuous-diagnosis loop. */
export interface ContinuousDiagnosis {
  readonly results: DiagnosisResults;
  /** Stops scheduling and resolves once the run in flight, if any, has finished. */
  stop(): Promise<void>;
}

const ONE_DAY_SECONDS = 86_400;

/**
 * Starts diagnosing the latest window every `stepSeconds` and exporting the answer on `registry` (see
 * {@link ContinuousMetrics} for the series). The first run starts at once on the window ending at the latest step
 * boundary; later runs start at the following boundaries.
 *
 * A slow diagnosis never stacks up runs: the next run is scheduled only once the current one has finished, at the
 * next boundary still ahead, and the boundaries passed meanwhile are counted in
 * `culprit_continuous_runs_total{outcome="skipped"}`.
 */
export function startContinuousDiagnosis(options: ContinuousDiagnosisOptions): ContinuousDiagnosis {
  const { diagnoseWindow, registry, stepSeconds, windowSeconds } = options;
  const lagSeconds = options.lagSeconds ?? 0;
  assertPositive('stepSeconds', stepSeconds);
  assertPositive('windowSeconds', windowSeconds);
  if (!Number.isFinite(lagSeconds) || lagSeconds < 0) {
    throw new RangeError(`continuous lagSeconds must be a finite number >= 0, got ${lagSeconds}`);
  }
  const clock = options.clock ?? systemClock;
  const stepMs = stepSeconds * 1000;
  const results = options.results ?? new DiagnosisResults(Math.ceil(ONE_DAY_SECONDS / stepSeconds), stepMs);
  const metrics = new ContinuousMetrics(registry, stepSeconds, () => clock.now(), options.activeModel);

  let stopped = false;
  let cancelTimer: (() => void) | null = null;
  let inFlight: Promise<void> | null = null;

  const run = async (step: number): Promise<void> => {
    const to = step - lagSeconds * 1000;
    const from = to - windowSeconds * 1000;
    const started = clock.now();
    let result: ContinuousResult;
    try {
      const diagnosis = await diagnoseWindow(from, to);
      result = { time: to, from, diagnosis };
      metrics.recordSuccess(diagnosis, to, (clock.now() - started) / 1000);
      results.add(result);
    } catch (error) {
      result = { time: to, from, diagnosis: null };
      metrics.recordFailure((clock.now() - started) / 1000);
      results.add(result);
      notify(() => options.onError?.(error, result));
    }
    notify(() => options.onResult?.(result));
  };

  const schedule = (previousStep: number): void => {
    if (stopped) {
      return;
    }
    const now = clock.now();
    const next = (Math.floor(now / stepMs) + 1) * stepMs;
    metrics.recordSkipped(Math.round((next - previousStep) / stepMs) - 1);
    cancelTimer = clock.setTimer(() => {
      cancelTimer = null;
      begin(next);
    }, next - now);
  };

  const begin = (step: number): void => {
    inFlight = run(step).finally(() => {
      inFlight = null;
      schedule(step);
    });
  };

  begin(Math.floor(clock.now() / stepMs) * stepMs);

  return {
    results,
    async stop() {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
      await inFlight;
    },
  };
}

/** A listener that throws must not break the loop's schedule; its error is reported on stderr instead. */
function notify(listener: () => void): void {
  try {
    listener();
  } catch (error) {
    process.stderr.write(
      `culprit: a continuous-diagnosis listener failed: ${error instanceof Error ? error.message : String(error)}\n`
    );
  }
}

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`continuous ${name} must be a positive number of seconds, got ${value}`);
  }
}
