import axios, { AxiosError, type AxiosInstance } from 'axios';
import type { PrometheusConfig } from '../config/config';
import { parseSampleValue } from './parseSampleValue';
import { PrometheusError } from './prometheusError';

/** The Prometheus HTTP API envelope: every answer is one of these two. */
type ApiResponse<T> =
  | { status: 'success'; data: T; warnings?: string[] }
  | { status: 'error'; errorType: string; error: string; data?: unknown };

/** The `data` of a query or query_range answer, by `resultType`. */
type QueryData =
  | { resultType: 'matrix'; result: Array<{ metric: Record<string, string>; values?: Array<[number, string]> }> }
  | { resultType: 'vector'; result: Array<{ metric: Record<string, string>; value: [number, string] }> }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

/** One series of a range query: labels, and sample times (unix seconds) with values (NaN/±Inf kept as numbers). */
export interface RangeSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly times: Float64Array;
  readonly values: Float64Array;
}

/** A Prometheus-compatible API client: range queries and discovery, with timeouts and bounded retries. */
export interface PrometheusApi {
  queryRange(query: string, startSeconds: number, endSeconds: number, stepSeconds: number): Promise<RangeSeries[]>;
  labelValues(label: string, match?: string): Promise<string[]>;
  series(match: string, startSeconds: number, endSeconds: number): Promise<Array<Record<string, string>>>;
  /** Resolves when the API answers a trivial query; rejects with a {@link PrometheusError} otherwise. */
  ping(): Promise<void>;
}

const RETRY_BASE_MS = 100;

/** Creates a client for `config.url` (Prometheus, Thanos, Mimir, VictoriaMetrics: only the v1 HTTP API is used). */
export function createPrometheusClient(config: PrometheusConfig): PrometheusApi {
  const http = axios.create({
    baseURL: `${config.url}/api/v1/`,
    timeout: config.timeoutMs,
    headers: authHeaders(config),
    // Statuses are judged below, so a 4xx body (which carries Prometheus's message) is not lost.
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
  });
  const call = <T>(path: string, params: Record<string, string | number | string[]>, query?: string) =>
    callWithRetries<T>(http, config, path, params, query);

  return {
    async queryRange(query, startSeconds, endSeconds, stepSeconds) {
      const data = await call<QueryData>(
        'query_range',
        { query, start: startSeconds, end: endSeconds, step: stepSeconds },
        query
      );
      if (data.resultType !== 'matrix') {
        throw new PrometheusError(
          'bad-response',
          `query_range answered a ${data.resultType}, not a matrix`,
          undefined,
          query
        );
      }
      return data.result.map((series) => {
        const samples = series.values ?? [];
        const times = new Float64Array(samples.length);
        const values = new Float64Array(samples.length);
        samples.forEach(([time, value], index) => {
          times[index] = time;
          values[index] = parseSampleValue(value);
        });
        return { labels: series.metric, times, values };
      });
    },
    async labelValues(label, match) {
      return call<string[]>(`label/${encodeURIComponent(label)}/values`, match ? { 'match[]': [match] } : {});
    },
    async series(match, startSeconds, endSeconds) {
      return call<Array<Record<string, string>>>('series', {
        'match[]': [match],
        start: startSeconds,
        end: endSeconds,
      });
    },
    async ping() {
      await call<QueryData>('query', { query: '1' });
    },
  };
}

function authHeaders(config: PrometheusConfig): Record<string, string> {
  if (config.auth?.kind === 'bearer') {
    return { Authorization: `Bearer ${config.auth.token}` };
  }
  if (config.auth?.kind === 'basic') {
    return {
      Authorization: `Basic ${Buffer.from(`${config.auth.username}:${config.auth.password}`).toString('base64')}`,
    };
  }
  return {};
}

async function callWithRetries<T>(
  http: AxiosInstance,
  config: PrometheusConfig,
  path: string,
  params: Record<string, string | number | string[]>,
  query: string | undefined
): Promise<T> {
  let lastError: PrometheusError | undefined;
  for (let attempt = 0; attempt <= config.retries; attempt++) {
    if (attempt > 0) {
      // Exponential backoff with jitter, so replicas retrying together do not hit Prometheus in step.
      await sleep(RETRY_BASE_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
    try {
      return await callOnce<T>(http, config, path, params, query);
    } catch (error) {
      if (!(error instanceof PrometheusError) || error.failure !== 'unreachable') {
        throw error;
      }
      lastError = error;
    }
  }
  throw lastError as PrometheusError;
}

async function callOnce<T>(
  http: AxiosInstance,
  config: PrometheusConfig,
  path: string,
  params: Record<string, string | number | string[]>,
  query: string | undefined
): Promise<T> {
  let response;
  try {
    // POST with a form body: long PromQL does not fit in a URL, and every Prometheus-compatible API accepts it.
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        form.append(key, String(item));
      }
    }
    response = path.startsWith('label/') ? await http.get(path, { params: form }) : await http.post(path, form);
  } catch (error) {
    const reason = error instanceof AxiosError ? networkReason(error, config) : String(error);
    throw new PrometheusError('unreachable', `Prometheus at ${config.url} is unreachable: ${reason}`, reason, query);
  }
  const body = response.data as ApiResponse<T> | undefined;
  const upstream = body && typeof body === 'object' && body.status === 'error' ? body.error : undefined;
  if (response.status >= 500) {
    throw new PrometheusError(
      'unreachable',
      `Prometheus at ${config.url} answered ${response.status}: ${upstream ?? shortText(response.data)}`,
      upstream,
      query
    );
  }
  if (response.status >= 400) {
    const what = query
      ? `your PromQL is wrong: ${upstream ?? shortText(response.data)} (query: ${query})`
      : `Prometheus refused the request: ${upstream ?? shortText(response.data)}`;
    throw new PrometheusError('rejected', what, upstream, query);
  }
  if (!body || typeof body !== 'object' || (body.status !== 'success' && body.status !== 'error')) {
    throw new PrometheusError(
      'bad-response',
      `${config.url} did not answer like a Prometheus API (status ${response.status}: ${shortText(response.data)}); check prometheus.url`,
      undefined,
      query
    );
  }
  if (body.status === 'error') {
    throw new PrometheusError(
      'rejected',
      query ? `your PromQL is wrong: ${body.error} (query: ${query})` : body.error,
      body.error,
      query
    );
  }
  return body.data;
}

function networkReason(error: AxiosError, config: PrometheusConfig): string {
  if (error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED') {
    return `no answer within ${config.timeoutMs} ms (prometheus.timeoutMs)`;
  }
  return error.code ? `${error.code} ${error.message}` : error.message;
}

function shortText(data: unknown): string {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return (text ?? '').slice(0, 200);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
