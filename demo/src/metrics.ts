import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * Latency buckets in seconds: fine below 100 ms where the shop normally answers, coarse above it where faults land
 * (an injected 200 ms delay, a paused process that answers after seconds).
 */
const LATENCY_BUCKETS_SECONDS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The metrics every shop service exports; the names are the contract with Culprit's lab and cAdvisor catalogues. */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** RED histogram of the requests this service answered (its `_count` gives the request and error rates). */
  readonly requestDuration: Histogram<'service' | 'route' | 'method' | 'status_code'>;
  /** Latency of the calls this service makes to others, as the caller sees it. */
  readonly clientDuration: Histogram<'service' | 'target' | 'status_code'>;
}

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  // Process CPU, resident memory, heap, GC and event-loop lag: the symptoms of cpu and memory faults inside a process.
  collectDefaultMetrics({ register: registry, labels: { service } });
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template and status code.',
    labelNames: ['service', 'route', 'method', 'status_code'],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  const clientDuration = new Histogram({
    name: 'http_client_request_duration_seconds',
    help: 'Time for a call to another shop service to answer, as this service sees it; status_code 0 means no answer.',
    labelNames: ['service', 'target', 'status_code'],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  return { registry, requestDuration, clientDuration };
}
