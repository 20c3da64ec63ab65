import http from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';
import { JOURNEY_KINDS, type JourneyKind, planJourney, type Step } from './journeys';
import { pickWeighted, seededRandom } from './random';

export interface LoadOptions {
  readonly gatewayUrl: string;
  readonly seed: number;
  /** Mean journeys started per second; the actual rate swings around it (see `rateAt`). */
  readonly journeysPerSecond: number;
  /** Period of the slow swing of the rate, like a compressed day. */
  readonly cycleSeconds: number;
  readonly port: number;
  readonly host: string;
}

/** Base weights of the journey mix (browse, search, shop, checkout, track): most visitors only look. */
const BASE_MIX = [0.42, 0.2, 0.2, 0.1, 0.08];
const MAX_IN_FLIGHT = 200;

/** The journey rate at `elapsedSeconds`: a sine over the cycle (±40 %) so the load itself has a shape. */
export function rateAt(
  options: Pick<LoadOptions, 'journeysPerSecond' | 'cycleSeconds'>,
  elapsedSeconds: number
): number {
  return options.journeysPerSecond * (1 + 0.4 * Math.sin((2 * Math.PI * elapsedSeconds) / options.cycleSeconds));
}

/**
 * Drives the gateway with user journeys started as a Poisson process, whose mix drifts as a seeded random walk
 * (flash sales, evenings of browsing). Serves `/health` and `/metrics` (journeys by kind and outcome).
 */
export class LoadGenerator {
  private readonly random: () => number;
  private readonly registry = new Registry();
  private readonly journeys = new Counter({
    name: 'shop_load_journeys_total',
    help: 'User journeys the load generator finished, by kind and outcome.',
    labelNames: ['kind', 'outcome'],
    registers: [this.registry],
  });
  private readonly stepDuration = new Histogram({
    name: 'shop_load_step_duration_seconds',
    help: 'Latency of each call the load generator makes to the gateway.',
    labelNames: ['status_code'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly mix = [...BASE_MIX];
  private readonly orderIds: string[] = [];
  private server?: http.Server;
  private timer?: NodeJS.Timeout;
  private inFlight = 0;
  private userCounter = 0;
  private readonly startedAt = Date.now();

  constructor(private readonly options: LoadOptions) {
    this.random = seededRandom(options.seed);
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      if (request.url === '/metrics') {
        void this.registry.metrics().then((text) => {
          response.writeHead(200, { 'content-type': this.registry.contentType });
          response.end(text);
        });
        return;
      }
      response.writeHead(request.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', inFlight: this.inFlight }));
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.options.port, this.options.host, () => resolve());
    });
    this.scheduleNext();
    this.driftMix();
  }

  stop(): Promise<void> {
    clearTimeout(this.timer);
    this.agent.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private scheduleNext(): void {
    const elapsed = (Date.now() - this.startedAt) / 1000;
    const rate = Math.max(0.05, rateAt(this.options, elapsed));
    // Exponential gaps make the starts a Poisson process, so bursts and lulls happen as in real traffic.
    const gapMs = (-Math.log(1 - this.random()) / rate) * 1000;
    this.timer = setTimeout(() => {
      if (this.inFlight < MAX_IN_FLIGHT) {
        void this.runJourney();
      }
      this.driftMixSometimes();
      this.scheduleNext();
    }, gapMs);
  }

  private driftMixSometimes(): void {
    if (this.random() < 0.02) {
      this.driftMix();
    }
  }

  /** One step of the random walk of the mix, pulled back toward the base mix so it never degenerates. */
  private driftMix(): void {
    for (let index = 0; index < this.mix.length; index++) {
      const step = (this.random() - 0.5) * 0.1;
      this.mix[index] = Math.max(0.02, 0.8 * (this.mix[index] + step) + 0.2 * BASE_MIX[index]);
    }
  }

  private async runJourney(): Promise<void> {
    const kind: JourneyKind = JOURNEY_KINDS[pickWeighted(this.random, this.mix)];
    const user = `user-${(this.userCounter++ % 5000) + 1}`;
    const steps = planJourney(kind, this.random, user, this.orderIds);
    const thinkTimesMs = steps.map(() => 50 + this.random() * 400);
    this.inFlight++;
    let outcome = 'ok';
    try {
      for (let index = 0; index < steps.length; index++) {
        const answer = await this.send(steps[index]);
        if (answer.status >= 500 || answer.status === 0) {
          outcome = 'error';
          break;
        }
        if (kind === 'checkout' && index === steps.length - 1 && answer.status === 200) {
          this.rememberOrder(answer.body);
        }
        await new Promise((resolve) => setTimeout(resolve, thinkTimesMs[index]));
      }
    } finally {
      this.inFlight--;
      this.journeys.inc({ kind, outcome });
    }
  }

  private rememberOrder(body: string): void {
    try {
      const id = (JSON.parse(body) as { id?: unknown }).id;
      if (typeof id === 'string') {
        this.orderIds.push(id);
        if (this.orderIds.length > 500) {
          this.orderIds.shift();
        }
      }
    } catch {
      // A checkout answer without an order id is simply not tracked later.
    }
  }

  private send(step: Step): Promise<{ status: number; body: string }> {
    const started = process.hrtime.bigint();
    const body = step.body === undefined ? undefined : JSON.stringify(step.body);
    return new Promise((resolve) => {
      const done = (status: number, text: string) => {
        this.stepDuration.observe({ status_code: String(status) }, Number(process.hrtime.bigint() - started) / 1e9);
        resolve({ status, body: text });
      };
      const request = http.request(
        new URL(step.path, this.options.gatewayUrl),
        {
          method: step.method,
          agent: this.agent,
          timeout: 10_000,
          headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          response.on('error', () => done(0, ''));
        }
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => done(0, ''));
      request.end(body);
    });
  }
}
