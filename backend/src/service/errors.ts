import { InsufficientDataError } from '../instances/buildInstance';
import { PrometheusError } from '../prometheus/prometheusError';
import { EpisodeValidationError } from '../store/episodeStore';

/**
 * Every error the API can answer, with its HTTP status: the one catalogue (docs/api.md lists the same table).
 * Codes are stable; clients may switch on them.
 */
export const ERROR_CATALOGUE = {
  CULPRIT_VALIDATION: 400,
  CULPRIT_MALFORMED_JSON: 400,
  CULPRIT_BAD_WINDOW: 400,
  CULPRIT_WINDOW_TOO_LONG: 400,
  CULPRIT_UNAUTHORIZED: 401,
  CULPRIT_NOT_FOUND: 404,
  CULPRIT_NO_ACTIVE_MODEL: 409,
  CULPRIT_CONFLICT: 409,
  CULPRIT_NO_TRAINING_DATA: 409,
  CULPRIT_PAYLOAD_TOO_LARGE: 413,
  CULPRIT_UNSUPPORTED_MEDIA_TYPE: 415,
  CULPRIT_INSUFFICIENT_DATA: 422,
  CULPRIT_PROMETHEUS_UNAVAILABLE: 502,
  CULPRIT_PROMQL_REJECTED: 502,
  CULPRIT_CAMPAIGNS_NOT_CONFIGURED: 501,
  CULPRIT_DRIVER_UNAVAILABLE: 502,
  CULPRIT_INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error meant for the client: a code from {@link ERROR_CATALOGUE}, a message saying what to fix, maybe a field. */
export class CulpritError extends Error {
  override readonly name = 'CulpritError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The failing input, as a path: `body/from`, `query/stepSeconds`, `params/id`. */
    readonly field?: string
  ) {
    super(message);
  }

  get statusCode(): number {
    return ERROR_CATALOGUE[this.code];
  }
}

/**
 * Maps the adapters' own errors onto the catalogue. Anything unrecognised is a bug: it becomes `CULPRIT_INTERNAL`
 * with a generic message (the caller logs the original).
 */
export function toCulpritError(error: unknown): CulpritError {
  if (error instanceof CulpritError) {
    return error;
  }
  if (error instanceof PrometheusError) {
    return new CulpritError(
      error.failure === 'rejected' ? 'CULPRIT_PROMQL_REJECTED' : 'CULPRIT_PROMETHEUS_UNAVAILABLE',
      error.message
    );
  }
  if (error instanceof InsufficientDataError) {
    return new CulpritError('CULPRIT_INSUFFICIENT_DATA', error.message);
  }
  if (error instanceof EpisodeValidationError) {
    return new CulpritError(
      'CULPRIT_VALIDATION',
      error.message,
      `body/${error.field.replace(/^\[(\d+)\]\./, 'episodes/$1/')}`
    );
  }
  return new CulpritError('CULPRIT_INTERNAL', 'internal error; the details are in the Culprit server log');
}
