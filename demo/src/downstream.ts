import http from 'node:http';
import { HttpError } from './httpService';
import type { ServiceMetrics } from './metrics';
import { type ServiceName, urlVariable } from './topology';

/** How long a call to another service may take before the caller gives up and answers 504 itself. */
const CALL_TIMEOUT_MS = 3_000;

export interface CallOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
}

/** Calls the other shop services over HTTP, timing each call as the caller sees it. */
export class Downstream {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  private readonly baseUrls: ReadonlyMap<ServiceName, URL>;

  constructor(
    private readonly service: string,
    targets: readonly ServiceName[],
    private readonly metrics: ServiceMetrics,
    env: NodeJS.ProcessEnv = process.env
  ) {
    const urls = new Map<ServiceName, URL>();
    for (const target of targets) {
      const variable = urlVariable(target);
      const value = env[variable];
      if (!value) {
        throw new Error(`${service} calls ${target}: set ${variable} to its base URL (e.g. http://127.0.0.1:7102).`);
      }
      urls.set(target, new URL(value));
    }
    this.baseUrls = urls;
  }

  /**
   * Calls `target` and resolves to its JSON answer. A non-2xx answer or no answer at all rejects with an
   * `HttpError` (502 for a failed callee, 504 for a timeout) so the failure propagates up the call graph.
   */
  call<T>(target: ServiceName, path: string, options: CallOptions = {}): Promise<T> {
    const base = this.baseUrls.get(target);
    if (!base) {
      return Promise.reject(new Error(`${this.service} has no URL for ${target}`));
    }
    const started = process.hrtime.bigint();
    const observe = (status: number) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.clientDuration.observe({ service: this.service, target, status_code: String(status) }, seconds);
    };
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise<T>((resolve, reject) => {
      const request = http.request(
        new URL(path, base),
        {
          method: options.method ?? 'GET',
          agent: this.agent,
          timeout: CALL_TIMEOUT_MS,
          headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => {
            observe(0);
            reject(new HttpError(502, `${target} answer broke off: ${error.message}`));
          });
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            observe(status);
            const text = Buffer.concat(chunks).toString('utf8');
            if (status < 200 || status >= 300) {
              // A 4xx from the callee is the caller's business error (out of stock, declined): keep its status.
              const passOn = status >= 400 && status < 500 ? status : 502;
              reject(new HttpError(passOn, `${target} answered ${status}: ${text.slice(0, 200)}`));
              return;
            }
            try {
              resolve((text ? JSON.parse(text) : {}) as T);
            } catch {
              reject(new HttpError(502, `${target} answered invalid JSON`));
            }
          });
        }
      );
      request.on('timeout', () => {
        request.destroy(new HttpError(504, `${target} did not answer within ${CALL_TIMEOUT_MS} ms`));
      });
      request.on('error', (error) => {
        observe(0);
        reject(error instanceof HttpError ? error : new HttpError(502, `${target} unreachable: ${error.message}`));
      });
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
