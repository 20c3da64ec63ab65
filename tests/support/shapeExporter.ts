import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How one service behaves while a shape is on. Rates are per second; the exporter integrates them between scrapes,
 * so counters are real monotonic counters and `rate()` in Prometheus recovers these numbers.
 */
export interface ServiceShape {
  /** CPU seconds used per second (`process_cpu_seconds_total`). */
  readonly cpu: number;
  /** Resident memory growth, bytes per second (`process_resident_memory_bytes`). */
  readonly memoryGrowth: number;
  /** `nodejs_eventloop_lag_seconds`. */
  readonly eventLoopLag: number;
  /** Requests answered per second (`http_request_duration_seconds_count`). */
  readonly requestRate: number;
  /** Answer time of every request, seconds (lands in the histogram's buckets). */
  readonly latency: number;
  /** Share of requests answered with status 500. */
  readonly errorRatio: number;
  /** When true the service exports nothing (a paused or killed process cannot be scraped). */
  readonly absent: boolean;
}

/** A healthy service. */
export const NORMAL_SHAPE: ServiceShape = {
  cpu: 0.05,
  memoryGrowth: 0,
  eventLoopLag: 0.01,
  requestRate: 20,
  latency: 0.02,
  errorRatio: 0,
  absent: false,
};

/** Shapes named after Culprit's fault kinds (DESIGN.md), each a change from {@link NORMAL_SHAPE}. */
export const FAULT_SHAPES: Readonly<Record<string, ServiceShape>> = {
  cpu: { ...NORMAL_SHAPE, cpu: 0.9, eventLoopLag: 0.08, latency: 0.08 },
  memory: { ...NORMAL_SHAPE, memoryGrowth: 8e6, cpu: 0.12 },
  delay: { ...NORMAL_SHAPE, latency: 0.4 },
  loss: { ...NORMAL_SHAPE, errorRatio: 0.3, requestRate: 14 },
  pause: { ...NORMAL_SHAPE, absent: true },
  kill: { ...NORMAL_SHAPE, absent: true },
};

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const BASE_MEMORY = 60e6;

interface ServiceState {
  shape: ServiceShape;
  cpuSeconds: number;
  memory: number;
  /** Per status code: count, sum and cumulative bucket counts. */
  requests: Map<string, { count: number; sum: number; buckets: number[] }>;
}

/** A running exporter. Always `stop()` it. */
export interface ShapeExporter {
  /** `127.0.0.1:PORT`, for a Prometheus scrape target. */
  readonly target: string;
  readonly url: string;
  readonly services: readonly string[];
  /** From now on, `service` behaves like `shape` (a {@link FAULT_SHAPES} name, `'normal'`, or a full shape). */
  setShape(service: string, shape: string | ServiceShape): void;
  /** Everything back to normal. */
  reset(): void;
  /** The exposition text as a scrape would see it now. */
  render(): string;
  stop(): Promise<void>;
}

/**
 * Starts an in-process HTTP server on 127.0.0.1 that serves, at `/metrics`, Prometheus text for `services` fake
 * services with the metric names of prom-client's defaults and the shop's RED histogram (the lab catalogue's
 * contract), every series labelled `service="<name>"`. Call `setShape` to change a service's behaviour on cue.
 * Values carry a little deterministic noise so that normal windows are not perfectly flat.
 */
export async function startShapeExporter(services: readonly string[]): Promise<ShapeExporter> {
  const states = new Map<string, ServiceState>();
  const reset = () => {
    for (const service of services) {
      states.set(service, { shape: NORMAL_SHAPE, cpuSeconds: 0, memory: BASE_MEMORY, requests: new Map() });
    }
  };
  reset();
  let last = Date.now();
  let tick = 0;

  const advance = () => {
    const now = Date.now();
    const dt = (now - last) / 1000;
    last = now;
    tick++;
    if (dt <= 0) {
      return;
    }
    for (const state of states.values()) {
      const { shape } = state;
      if (shape.absent) {
        continue;
      }
      const wobble = 1 + 0.05 * Math.sin(tick * 1.7 + state.memory / 1e6);
      state.cpuSeconds += shape.cpu * wobble * dt;
      state.memory += shape.memoryGrowth * dt + 2e5 * Math.sin(tick * 0.9);
      const total = shape.requestRate * wobble * dt;
      const failed = total * shape.errorRatio;
      record(state, '200', total - failed, shape.latency * wobble);
      if (failed > 0) {
        record(state, '500', failed, shape.latency * wobble);
      }
    }
  };

  const render = () => {
    advance();
    const lines: string[] = [
      '# TYPE process_cpu_seconds_total counter',
      '# TYPE process_resident_memory_bytes gauge',
      '# TYPE nodejs_eventloop_lag_seconds gauge',
      '# TYPE http_request_duration_seconds histogram',
    ];
    for (const [service, state] of states) {
      if (state.shape.absent) {
        continue;
      }
      const label = `service="${service}"`;
      lines.push(`process_cpu_seconds_total{${label}} ${state.cpuSeconds}`);
      lines.push(`process_resident_memory_bytes{${label}} ${Math.round(state.memory)}`);
      lines.push(`nodejs_eventloop_lag_seconds{${label}} ${state.shape.eventLoopLag * (1 + 0.1 * Math.sin(tick))}`);
      for (const [status, histogram] of state.requests) {
        const labels = `${label},route="/",method="GET",status_code="${status}"`;
        BUCKETS.forEach((le, index) =>
          lines.push(`http_request_duration_seconds_bucket{${labels},le="${le}"} ${histogram.buckets[index]}`)
        );
        lines.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${histogram.count}`);
        lines.push(`http_request_duration_seconds_sum{${labels}} ${histogram.sum}`);
        lines.push(`http_request_duration_seconds_count{${labels}} ${histogram.count}`);
      }
    }
    return `${lines.join('\n')}\n`;
  };

  const server = http.createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end('only /metrics here\n');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(render());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    target: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    services,
    setShape(service, shape) {
      const state = states.get(service);
      if (!state) {
        throw new RangeError(`no service "${service}" in this exporter (it has ${services.join(', ')})`);
      }
      const resolved = typeof shape === 'string' ? (shape === 'normal' ? NORMAL_SHAPE : FAULT_SHAPES[shape]) : shape;
      if (!resolved) {
        throw new RangeError(
          `unknown shape "${String(shape)}"; use normal or one of ${Object.keys(FAULT_SHAPES).join(', ')}`
        );
      }
      advance();
      if (state.shape.absent && !resolved.absent) {
        // Coming back after a kill: a new process starts its counters from zero.
        state.cpuSeconds = 0;
        state.memory = BASE_MEMORY;
        state.requests.clear();
      }
      if (resolved.memoryGrowth === 0 && state.shape.memoryGrowth > 0) {
        state.memory = BASE_MEMORY;
      }
      state.shape = resolved;
    },
    reset() {
      advance();
      reset();
    },
    render,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function record(state: ServiceState, status: string, count: number, latency: number): void {
  let histogram = state.requests.get(status);
  if (!histogram) {
    histogram = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
    state.requests.set(status, histogram);
  }
  histogram.count += count;
  histogram.sum += count * latency;
  BUCKETS.forEach((le, index) => {
    if (latency <= le) {
      histogram.buckets[index] += count;
    }
  });
}
