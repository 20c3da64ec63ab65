import { Registry } from 'prom-client';
import { startContinuousDiagnosis, type LoopClock } from './continuousDiagnosis';
import type { WindowDiagnosis } from './windowDiagnosis';

/** A clock the test moves by hand: timers fire, in time order, only when `advance` passes them. */
class ManualClock implements LoopClock {
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 0;

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers and letting the promises they start settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await flush();
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (due === undefined || due.at > end) {
        break;
      }
      this.timers.shift();
      this.time = due.at;
      due.fn();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}

const MODEL = { id: 7, name: 'dtw-shop', classifier: 'dtw-d', createdAt: Date.UTC(2026, 10, 24, 0, 0, 0) };

function cartCpu(score: number): WindowDiagnosis {
  return {
    model: MODEL,
    status: 'ok',
    culprit: { service: 'cart', fault: 'cpu', confidence: score },
    ranking: [
      { service: 'cart', fault: 'cpu', score },
      { service: null, fault: 'normal', score: 1 - score },
    ],
    services: [
      { service: 'cart', score },
      { service: 'orders', score: 0 },
    ],
    unknownAnomaly: 0.4,
  };
}

/** Reads one sample from the registry's text exposition, the way Prometheus would scrape it. */
async function sample(registry: Registry, series: string): Promise<number | undefined> {
  const text = await registry.metrics();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

// 2026-11-24T01:00:07Z: 7 s after a 15 s boundary.
const START = Date.UTC(2026, 10, 24, 1, 0, 7);
const STEP_MS = 15_000;

describe('startContinuousDiagnosis', () => {
  it('diagnoses the window ending at each step boundary, minus the lag', async () => {
    const clock = new ManualClock(START);
    const windows: Array<[number, number]> = [];
    const loop = startContinuousDiagnosis({
      diagnoseWindow: async (from, to) => {
        windows.push([from, to]);
        return cartCpu(0.9);
      },
      registry: new Registry(),
      stepSeconds: 15,
      windowSeconds: 300,
      lagSeconds: 5,
      clock,
    });
    await clock.advance(31_000);
    await loop.stop();
    const boundary = Date.UTC(2026, 10, 24, 1, 0, 0);
    expect(windows).toEqual([
      [boundary - 305_000, boundary - 5_000],
      [boundary + STEP_MS - 305_000, boundary + STEP_MS - 5_000],
      [boundary + 2 * STEP_MS - 305_000, boundary + 2 * STEP_MS - 5_000],
    ]);
    expect(clock.pending).toBe(0);
  });

  it('exports every class score, service score, the anomaly, the model info and the model age', async () => {
    const clock = new ManualClock(START);
    const registry = new Registry();
    const loop = startContinuousDiagnosis({
      diagnoseWindow: async () => cartCpu(0.75),
      registry,
      stepSeconds: 15,
      windowSeconds: 300,
      clock,
    });
    await clock.advance(0);
    expect(await sample(registry, 'culprit_diagnosis_score{service="cart",fault="cpu"}')).toBe(0.75);
    expect(await sample(registry, 'culprit_diagnosis_score{service="",fault="normal"}')).toBe(0.25);
    expect(await sample(registry, 'culprit_service_score{service="orders"}')).toBe(0);
    expect(await sample(registry, 'culprit_unknown_anomaly')).toBe(0.4);
    expect(await sample(registry, 'culprit_model_info{id="7",name="dtw-shop",classifier="dtw-d"}')).toBe(1);
    // The model was stored at 00:00:00 and the clock reads 01:00:07.
    expect(await sample(registry, 'culprit_model_age_seconds')).toBe(3607);
    expect(await sample(registry, 'culprit_diagnosis_seconds_count')).toBe(1);
    expect(await sample(registry, 'culprit_continuous_runs_total{outcome="ok"}')).toBe(1);
    expect(await sample(registry, 'culprit_continuous_last_success_timestamp_seconds')).toBe(
      Date.UTC(2026, 10, 24, 1, 0, 0) / 1000
    );
    expect(await sample(registry, 'culprit_continuous_step_seconds')).toBe(15);
    await loop.stop();
  });

  it('never overlaps runs: a slow diagnosis makes the loop skip the boundaries it overran, and counts them', async () => {
    const clock = new ManualClock(START);
    const registry = new Registry();
    let inFlight = 0;
    let maxInFlight = 0;
    const release: Array<() => void> = [];
    const loop = startContinuousDiagnosis({
      diagnoseWindow: (): Promise<WindowDiagnosis> => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return new Promise((resolve) => {
          release.push(() => {
            inFlight -= 1;
            resolve(cartCpu(0.5));
          });
        });
      },
      registry,
      stepSeconds: 15,
      windowSeconds: 300,
      clock,
    });
    // The first run (window ending 01:00:00) hangs for 50 s, across the boundaries at :15, :30 and :45.
    await clock.advance(50_000);
    expect(release).toHaveLength(1);
    release.shift()!();
    await flush();
    // It ends at 01:00:57; the next run starts at 01:01:00, and the three boundaries in between are counted.
    expect(await sample(registry, 'culprit_continuous_runs_total{outcome="skipped"}')).toBe(3);
    await clock.advance(3_000);
    expect(release).toHaveLength(1);
    release.shift()!();
    await flush();
    expect(maxInFlight).toBe(1);
    expect(loop.results.range(0, Number.MAX_SAFE_INTEGER).map((result) => new Date(result.time).toISOString())).toEqual(
      ['2026-11-24T01:00:00.000Z', '2026-11-24T01:01:00.000Z']
    );
    await loop.stop();
  });

  it('withdraws the scores after a failed run, keeps a failed result, and recovers on the next step', async () => {
    const clock = new ManualClock(START);
    const registry = new Registry();
    const errors: unknown[] = [];
    let fail = false;
    const loop = startContinuousDiagnosis({
      diagnoseWindow: async () => {
        if (fail) {
          throw new Error('Prometheus is unreachable');
        }
        return cartCpu(0.8);
      },
      registry,
      stepSeconds: 15,
      windowSeconds: 300,
      clock,
      onError: (error) => errors.push(error),
    });
    await clock.advance(0);
    expect(await sample(registry, 'culprit_diagnosis_score{service="cart",fault="cpu"}')).toBe(0.8);
    fail = true;
    await clock.advance(STEP_MS);
    expect(await sample(registry, 'culprit_diagnosis_score{service="cart",fault="cpu"}')).toBeUndefined();
    expect(await sample(registry, 'culprit_unknown_anomaly')).toBeUndefined();
    expect(await sample(registry, 'culprit_continuous_runs_total{outcome="failed"}')).toBe(1);
    expect((errors[0] as Error).message).toBe('Prometheus is unreachable');
    expect(loop.results.latest()?.diagnosis).toBeNull();
    // The model is still known, so its info and age stay exported.
    expect(await sample(registry, 'culprit_model_info{id="7",name="dtw-shop",classifier="dtw-d"}')).toBe(1);
    fail = false;
    await clock.advance(STEP_MS);
    expect(await sample(registry, 'culprit_diagnosis_score{service="cart",fault="cpu"}')).toBe(0.8);
    await loop.stop();
  });

  it('drops the classes of a previous model when the active model changes', async () => {
    const clock = new ManualClock(START);
    const registry = new Registry();
    let diagnosis = cartCpu(0.6);
    const loop = startContinuousDiagnosis({
      diagnoseWindow: async () => diagnosis,
      registry,
      stepSeconds: 15,
      windowSeconds: 300,
      clock,
    });
    await clock.advance(0);
    diagnosis = {
      ...cartCpu(0.6),
      model: { ...MODEL, id: 8, name: 'ed-shop', classifier: 'ed' },
      ranking: [
        { service: 'orders', fault: 'delay', score: 0.6 },
        { service: null, fault: 'normal', score: 0.4 },
      ],
    };
    await clock.advance(STEP_MS);
    const text = await registry.metrics();
    expect(text).not.toContain('fault="cpu"');
    expect(text).toContain('culprit_diagnosis_score{service="orders",fault="delay"} 0.6');
    expect(text).toContain('culprit_model_info{id="8",name="ed-shop",classifier="ed"} 1');
    expect(text).not.toContain('culprit_model_info{id="7"');
    await loop.stop();
  });

  it('stop() waits for the run in flight and schedules nothing after it', async () => {
    const clock = new ManualClock(START);
    let finish: () => void = () => undefined;
    let calls = 0;
    const loop = startContinuousDiagnosis({
      diagnoseWindow: () => {
        calls += 1;
        return new Promise<WindowDiagnosis>((resolve) => {
          finish = () => resolve(cartCpu(0.5));
        });
      },
      registry: new Registry(),
      stepSeconds: 15,
      windowSeconds: 300,
      clock,
    });
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await flush();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
    expect(clock.pending).toBe(0);
    await clock.advance(10 * STEP_MS);
    expect(calls).toBe(1);
  });

  it('keeps running when a listener throws', async () => {
    const clock = new ManualClock(START);
    let calls = 0;
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const loop = startContinuousDiagnosis({
      diagnoseWindow: async () => {
        calls += 1;
        return cartCpu(0.5);
      },
      registry: new Registry(),
      stepSeconds: 15,
      windowSeconds: 300,
      clock,
      onResult: () => {
        throw new Error('listener bug');
      },
    });
    await clock.advance(2 * STEP_MS);
    await loop.stop();
    write.mockRestore();
    expect(calls).toBe(3);
  });

  it.each([
    ['stepSeconds', { stepSeconds: 0, windowSeconds: 300 }, /stepSeconds must be a positive number of seconds, got 0/],
    [
      'windowSeconds',
      { stepSeconds: 15, windowSeconds: Number.NaN },
      /windowSeconds must be a positive number of seconds, got NaN/,
    ],
    [
      'lagSeconds',
      { stepSeconds: 15, windowSeconds: 300, lagSeconds: -1 },
      /lagSeconds must be a finite number >= 0, got -1/,
    ],
  ])('refuses a bad %s', (_name, settings, message) => {
    expect(() =>
      startContinuousDiagnosis({
        diagnoseWindow: async () => cartCpu(0.5),
        registry: new Registry(),
        clock: new ManualClock(START),
        ...settings,
      })
    ).toThrow(message);
  });
});
