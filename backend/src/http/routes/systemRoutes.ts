import { Type } from 'typebox';
import type { App, AppDeps } from '../buildApp';
import { ErrorBody, Health } from '../schemas';
import type { ServiceMetrics } from '../serviceMetrics';

/** `GET /api/health` and `GET /metrics` (no token needed), `GET /api/openapi.json`. */
export function systemRoutes(app: App, deps: AppDeps, metrics: ServiceMetrics, openApi: () => unknown): void {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        summary: 'Service status, active model, Prometheus reachability',
        response: { 200: Health, '5xx': ErrorBody },
      },
    },
    async () => {
      const active = deps.store.models.active();
      let error: string | null = null;
      try {
        await deps.prometheus.ping();
      } catch (failure) {
        error = (failure as Error).message;
      }
      return {
        status: error === null && active ? ('ok' as const) : ('degraded' as const),
        version: deps.version,
        model: active ? { id: active.id, name: active.name, createdAt: active.createdAt } : null,
        prometheus: { reachable: error === null, error },
      };
    }
  );
  app.get(
    '/api/openapi.json',
    {
      schema: {
        summary: 'This API as an OpenAPI 3.1 document',
        response: { 200: Type.Record(Type.String(), Type.Unknown()), '4xx': ErrorBody },
      },
    },
    async () => openApi() as Record<string, unknown>
  );
  app.get(
    '/metrics',
    {
      config: { public: true },
      schema: { summary: "The service's own Prometheus metrics (text format)", response: { 200: Type.String() } },
    },
    async (_request, reply) => {
      void reply.header('Content-Type', metrics.registry.contentType);
      return metrics.registry.metrics();
    }
  );
}
