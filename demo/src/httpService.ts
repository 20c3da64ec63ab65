import http from 'node:http';
import type { ServiceMetrics } from './metrics';

/** A failure a handler reports on purpose: it becomes an HTTP answer with this status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

export interface RequestContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

export type Handler = (context: RequestContext) => Promise<unknown> | unknown;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A template such as `/products/:id`; it is also the `route` label, so label cardinality stays bounded. */
  readonly path: string;
  readonly handler: Handler;
}

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly paramNames: readonly string[];
}

const MAX_BODY_BYTES = 1_000_000;

/**
 * Serves a service's routes with JSON in and out, records every answer in the RED histogram, and adds the
 * endpoints every service has: `GET /health` (liveness for Docker and the lab supervisor) and `GET /metrics`.
 */
export function createHttpService(routes: readonly Route[], metrics: ServiceMetrics, service: string): http.Server {
  const compiled = routes.map(compileRoute);
  const server = http.createServer((request, response) => {
    const started = process.hrtime.bigint();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/metrics') {
      metrics.registry.metrics().then(
        (text) => {
          response.writeHead(200, { 'content-type': metrics.registry.contentType });
          response.end(text);
        },
        (error: Error) => sendJson(response, 500, { error: error.message })
      );
      return;
    }
    if (method === 'GET' && url.pathname === '/health') {
      sendJson(response, 200, { status: 'ok', service });
      return;
    }
    const match = findRoute(compiled, method, url.pathname);
    const routeLabel = match ? match.route.path : 'unmatched';
    const finish = (status: number, payload: unknown) => {
      sendJson(response, status, payload);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requestDuration.observe({ service, route: routeLabel, method, status_code: String(status) }, seconds);
    };
    if (!match) {
      finish(404, { error: `no route for ${method} ${url.pathname}` });
      return;
    }
    readJsonBody(request)
      .then((body) => match.route.handler({ params: match.params, query: url.searchParams, body }))
      .then(
        (payload) => finish(200, payload ?? {}),
        (error: unknown) => {
          if (error instanceof HttpError) {
            finish(error.status, { error: error.message });
          } else {
            finish(500, { error: error instanceof Error ? error.message : String(error) });
          }
        }
      );
  });
  // Callers keep connections alive; answer on them longer than Node's 5 s default so a slow caller does not see resets.
  server.keepAliveTimeout = 30_000;
  return server;
}

function compileRoute(route: Route): CompiledRoute {
  const paramNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        paramNames.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), paramNames };
}

function findRoute(
  routes: readonly CompiledRoute[],
  method: string,
  pathname: string
): { route: CompiledRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) {
      continue;
    }
    const found = route.pattern.exec(pathname);
    if (found) {
      const params: Record<string, string> = {};
      route.paramNames.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1]);
      });
      return { route, params };
    }
  }
  return undefined;
}

function readJsonBody(request: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', reject);
    request.on('end', () => {
      if (chunks.length === 0) {
        resolve(undefined);
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'request body is not valid JSON'));
      }
    });
  });
}

function sendJson(response: http.ServerResponse, status: number, payload: unknown): void {
  if (response.headersSent) {
    return;
  }
  const text = JSON.stringify(payload);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
