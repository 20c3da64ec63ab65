import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CampaignService } from '../campaign/campaignService';
import type { CulpritConfig } from '../config/config';
import type { TrainReport, TrainRequest } from '../models/trainModel';
import type { PrometheusApi } from '../prometheus/prometheusClient';
import type { DiagnosisService, Incident, Timeline } from '../service/diagnosisService';
import { CulpritError, ERROR_CATALOGUE, toCulpritError, type ErrorCode } from '../service/errors';
import type { JobRegistry, JobReporter } from '../service/jobRegistry';
import type { CulpritStore } from '../store/openStore';
import { openApiDocument, type RouteRecord } from './openApiDocument';
import { campaignRoutes } from './routes/campaignRoutes';
import { diagnosisRoutes } from './routes/diagnosisRoutes';
import { episodeRoutes } from './routes/episodeRoutes';
import { feedbackRoutes } from './routes/feedbackRoutes';
import { modelRoutes } from './routes/modelRoutes';
import { systemRoutes } from './routes/systemRoutes';
import { createServiceMetrics, type ServiceMetrics } from './serviceMetrics';

/** The Fastify instance with the typebox type provider, as route modules see it. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/**
 * Results of the continuous-diagnosis loop (issue 8), when `culprit serve` runs it: the timeline and incidents routes
 * answer from them when they cover the asked range, and compute on demand otherwise.
 */
export interface ContinuousSource {
  covers(from: number, to: number): boolean;
  timeline(from: number, to: number, stepMs: number): Omit<Timeline, 'window' | 'model'>;
  incidents(from: number, to: number): Incident[];
}

/** What the routes need. Everything is built by `createBackend` (service/createBackend.ts) or by tests. */
export interface AppDeps {
  readonly config: CulpritConfig;
  readonly store: CulpritStore;
  readonly prometheus: PrometheusApi;
  readonly diagnosis: DiagnosisService;
  readonly jobs: JobRegistry;
  readonly train: (request: TrainRequest, reporter: JobReporter) => Promise<TrainReport>;
  readonly version: string;
  readonly continuous?: ContinuousSource;
  /** Fault campaigns, when culprit.yaml has `campaigns:`; without, the campaign routes answer 501. */
  readonly campaigns?: CampaignService;
  /** Fastify logging (default: off in tests, on in `culprit serve`). */
  readonly logger?: boolean;
}

/** Route options flag: no bearer token needed. */
export interface RouteConfig {
  readonly public?: boolean;
}

/**
 * Builds the HTTP API (docs/api.md): schema-validated routes, bearer-token auth on every route but health, the
 * OpenAPI document and metrics, and one error shape from the error catalogue (never a stack trace).
 */
export function buildApp(deps: AppDeps): { app: App; metrics: ServiceMetrics } {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.config.api.bodyLimitBytes,
    // Unknown fields must fail (a typo would otherwise be ignored silently); the query string still needs coercion.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // JSON only: a text/plain body gets a clear 415 instead of failing the schema as a string. An empty body with a JSON
  // content type (what some proxies send on a bodiless POST) counts as no body.
  app.removeContentTypeParser(['text/plain', 'application/json']);
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
  const metrics = createServiceMetrics(deps.store);
  const routes: RouteRecord[] = [];
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD') {
      routes.push({
        method: route.method,
        url: route.url,
        schema: route.schema as Record<string, unknown> | undefined,
        isPublic: Boolean((route.config as RouteConfig | undefined)?.public),
      });
    }
  });

  const tokenDigests = deps.config.api.tokens.map(digest);
  app.addHook('onRequest', async (request) => {
    if ((request.routeOptions.config as RouteConfig | undefined)?.public) {
      return;
    }
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      throw new CulpritError(
        'CULPRIT_UNAUTHORIZED',
        'this route needs an Authorization: Bearer <token> header with one of api.tokens'
      );
    }
    // Compare fixed-length digests in constant time, against every token, so timing reveals neither which nor how much.
    const offered = digest(match[1]);
    let ok = false;
    for (const known of tokenDigests) {
      ok = timingSafeEqual(offered, known) || ok;
    }
    if (!ok) {
      throw new CulpritError('CULPRIT_UNAUTHORIZED', 'the bearer token is not one of api.tokens in culprit.yaml');
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000
    );
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const mapped = fromFastifyError(error);
    if (mapped.code === 'CULPRIT_INTERNAL') {
      request.log.error(error);
      if (!deps.logger) {
        process.stderr.write(
          `culprit: internal error on ${request.method} ${request.url}: ${error.stack ?? String(error)}\n`
        );
      }
    }
    void reply.status(mapped.statusCode).send(errorBody(mapped));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new CulpritError(
      'CULPRIT_NOT_FOUND',
      `no route ${request.method} ${request.url.split('?')[0]}; see GET /api/openapi.json`
    );
    void reply.status(404).send(errorBody(error));
  });

  systemRoutes(app, deps, metrics, () => openApiDocument(routes, deps.version));
  diagnosisRoutes(app, deps, metrics);
  episodeRoutes(app, deps);
  modelRoutes(app, deps);
  feedbackRoutes(app, deps);
  campaignRoutes(app, deps);
  return { app, metrics };
}

/** The error body every failing route sends. */
export function errorBody(error: CulpritError): {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  field?: string;
} {
  const status = error.statusCode;
  return {
    statusCode: status,
    code: error.code,
    error: STATUS_TEXT[status] ?? 'Error',
    message: error.message,
    ...(error.field ? { field: error.field } : {}),
  };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
};

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'CULPRIT_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'CULPRIT_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'CULPRIT_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'CULPRIT_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'CULPRIT_VALIDATION',
};

function fromFastifyError(error: FastifyError): CulpritError {
  if (error instanceof CulpritError) {
    return error;
  }
  if (error.validation && error.validation.length > 0) {
    const [first] = error.validation;
    const context = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
    const params = first.params as Record<string, unknown>;
    const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined;
    const field = `${context}${first.instancePath}${extra ? `/${extra}` : ''}`;
    const what = params.additionalProperty
      ? `is not a known field; remove it (see GET /api/openapi.json)`
      : (first.message ?? 'is invalid');
    return new CulpritError('CULPRIT_VALIDATION', `${field} ${what}`, field);
  }
  const code = error.code && FASTIFY_CODES[error.code];
  if (code === 'CULPRIT_PAYLOAD_TOO_LARGE') {
    return new CulpritError(code, 'the request body is larger than api.bodyLimitBytes; send fewer items per request');
  }
  if (code === 'CULPRIT_UNSUPPORTED_MEDIA_TYPE') {
    return new CulpritError(code, 'send the body as JSON with Content-Type: application/json');
  }
  if (code === 'CULPRIT_MALFORMED_JSON' || (error instanceof SyntaxError && error.statusCode === 400)) {
    return new CulpritError(
      'CULPRIT_MALFORMED_JSON',
      `the body is not valid JSON (${error.message}); NaN and Infinity are not JSON`
    );
  }
  if (code) {
    return new CulpritError(code, error.message);
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    const fallback = (Object.entries(ERROR_CATALOGUE).find(([, status]) => status === error.statusCode)?.[0] ??
      'CULPRIT_VALIDATION') as ErrorCode;
    return new CulpritError(fallback, error.message);
  }
  return toCulpritError(error);
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
