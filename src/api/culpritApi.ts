import { lastValueFrom } from 'rxjs';
import { getBackendSrv, isFetchError } from '@grafana/runtime';

import {
  Campaign,
  Diagnosis,
  DiagnosisRequest,
  Episode,
  EpisodeFilter,
  Evaluation,
  Feedback,
  Health,
  Incidents,
  Job,
  Model,
  NewEpisode,
  Timeline,
  TrainRequest,
} from './types';

/** An HTTP failure from the Culprit backend (or from the proxy in front of it), with a message a person can act on. */
export class CulpritApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    /** The backend's stable error code when it sent one. */
    readonly code?: string
  ) {
    super(message);
    this.name = 'CulpritApiError';
  }

  /** True when the backend does not have this route at all (an older backend, or a feature not deployed). */
  get isMissingRoute(): boolean {
    return this.status === 404 && (this.code === undefined || this.code === 'CULPRIT_NOT_FOUND');
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Typed calls to the Culprit backend. `baseUrl` is the data source's proxy URL
 * (`/api/datasources/proxy/uid/<uid>`); the `api` route in the data source's plugin.json adds the token server-side,
 * so the browser never holds it.
 */
export class CulpritApi {
  constructor(readonly baseUrl: string) {}

  health(): Promise<Health> {
    return this.request('GET', '/health');
  }

  diagnose(request: DiagnosisRequest): Promise<Diagnosis> {
    return this.request('POST', '/diagnose', request);
  }

  /** Per-service culprit scores every `stepSeconds`; without a step the backend uses its window length. */
  timeline(from: number, to: number, stepSeconds?: number): Promise<Timeline> {
    return this.request('GET', '/diagnoses/timeline', undefined, { from, to, stepSeconds });
  }

  incidents(from: number, to: number): Promise<Incidents> {
    return this.request('GET', '/diagnoses/incidents', undefined, { from, to });
  }

  feedback(feedback: Feedback): Promise<{ id: number; episodeId: number | null }> {
    return this.request('POST', '/feedback', feedback);
  }

  listEpisodes(filter: EpisodeFilter = {}): Promise<{ episodes: Episode[]; total: number }> {
    return this.request('GET', '/episodes', undefined, filter);
  }

  addEpisode(episode: NewEpisode): Promise<Episode> {
    return this.request('POST', '/episodes', episode);
  }

  deleteEpisode(id: number): Promise<unknown> {
    return this.request('DELETE', `/episodes/${id}`);
  }

  /** Imports a batch, all or nothing. */
  importEpisodes(episodes: NewEpisode[]): Promise<{ imported: number; ids: number[] }> {
    return this.request('POST', '/episodes/import', { episodes });
  }

  listModels(): Promise<Model[]> {
    return this.request<{ models: Model[] }>('GET', '/models').then((answer) => answer.models);
  }

  /** Starts training; the answer names the job to poll with `job()`. */
  train(request: TrainRequest): Promise<{ jobId: string }> {
    return this.request('POST', '/models', request);
  }

  job(id: string): Promise<Job> {
    return this.request('GET', `/jobs/${encodeURIComponent(id)}`);
  }

  activateModel(id: number): Promise<Model> {
    return this.request('POST', `/models/${id}/activate`);
  }

  evaluation(id: number): Promise<Evaluation> {
    return this.request('GET', `/models/${id}/evaluation`);
  }

  /** Newest first. A backend without `campaigns:` in its config answers 501 `CULPRIT_CAMPAIGNS_NOT_CONFIGURED`. */
  listCampaigns(): Promise<Campaign[]> {
    return this.request<{ campaigns: Campaign[] }>('GET', '/campaigns').then((answer) => answer.campaigns);
  }

  /** Starts a campaign from the text of a plan file (YAML). */
  startCampaign(plan: string): Promise<Campaign> {
    return this.request('POST', '/campaigns', { plan });
  }

  /** Stops a running campaign; resolves once its active fault is reverted, to the campaign in state `stopped`. */
  stopCampaign(id: number): Promise<Campaign> {
    return this.request('POST', `/campaigns/${encodeURIComponent(String(id))}/stop`);
  }

  private async request<T>(method: Method, path: string, data?: unknown, params?: object): Promise<T> {
    const url = `${this.baseUrl}/api${path}`;
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<T>({
          url,
          method,
          data,
          params: params ? dropUndefined(params) : undefined,
          // Errors are shown where they happen (panel, page), not as Grafana's global toast.
          showErrorAlert: false,
          showSuccessAlert: false,
        })
      );
      return response.data;
    } catch (error) {
      throw toApiError(error, method, path);
    }
  }
}

function dropUndefined(params: object): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      out[key] = value as string | number;
    }
  }
  return out;
}

/** Turns whatever the fetch layer threw into one error type whose message says what to do. */
export function toApiError(error: unknown, method: string, path: string): CulpritApiError {
  if (error instanceof CulpritApiError) {
    return error;
  }
  if (isFetchError(error)) {
    const body = error.data as unknown;
    const { message, code } = readErrorBody(body);
    if (error.status === 0 || error.status === undefined) {
      return new CulpritApiError(
        `No answer from the Culprit backend for ${method} ${path}: check the data source's backend URL and that the backend is running.`,
        0
      );
    }
    if (error.status === 401 || error.status === 403) {
      return new CulpritApiError(
        `The Culprit backend refused the request (${error.status}): check the API token in the Culprit data source settings.`,
        error.status,
        code
      );
    }
    if (error.status === 502 && !code?.startsWith('CULPRIT_')) {
      return new CulpritApiError(
        `Grafana could not reach the Culprit backend (502 Bad Gateway): check the backend URL in the data source settings.`,
        error.status,
        code
      );
    }
    return new CulpritApiError(
      message ?? `${method} ${path} failed with HTTP ${error.status}${error.statusText ? ` ${error.statusText}` : ''}.`,
      error.status,
      code
    );
  }
  const text = error instanceof Error ? error.message : String(error);
  return new CulpritApiError(`${method} ${path} failed: ${text}`, 0);
}

function readErrorBody(body: unknown): { message?: string; code?: string } {
  if (typeof body === 'string' && body.trim() !== '') {
    return { message: body };
  }
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const nested = record.error;
    if (nested && typeof nested === 'object') {
      const inner = nested as Record<string, unknown>;
      return { message: asString(inner.message), code: asString(inner.code) };
    }
    return { message: asString(record.message) ?? asString(nested), code: asString(record.code) };
  }
  return {};
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
