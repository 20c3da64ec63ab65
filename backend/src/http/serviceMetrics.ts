import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CulpritStore } from '../store/openStore';

/** The service's own metrics, served at `GET /metrics`. */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly diagnoseDuration: Histogram<'outcome'>;
}

/**
 * Builds a private registry (not prom-client's global one, so several apps in one process — tests — do not clash):
 * process defaults, request and diagnosis durations, the active model, the library size.
 */
export function createServiceMetrics(store: CulpritStore): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'culprit_http_request_duration_seconds',
    help: 'Time to answer an API request, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const diagnoseDuration = new Histogram({
    name: 'culprit_diagnose_duration_seconds',
    help: 'Time to diagnose one window (query, build, classify), by outcome (ok, unknown, error).',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'culprit_model_info',
    help: 'The active model (value 1), identified by its labels.',
    labelNames: ['id', 'name', 'classifier'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const active = store.models.active();
      if (active) {
        this.set({ id: String(active.id), name: active.name, classifier: active.classifierKind }, 1);
      }
    },
  });
  new Gauge({
    name: 'culprit_library_episodes',
    help: 'Episodes in the fault library.',
    registers: [registry],
    collect() {
      this.set(store.episodes.count());
    },
  });
  return { registry, requestDuration, diagnoseDuration };
}
