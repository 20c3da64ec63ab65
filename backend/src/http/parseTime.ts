import { CulpritError } from '../service/errors';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
/** Years 1990..2200 in milliseconds: anything outside is a unit mistake (seconds, microseconds), not a real time. */
const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(2200, 0, 1);

/**
 * Reads a request time: epoch milliseconds (a number, or digits in a query string) or an RFC 3339 string.
 * Throws a 400 naming `field` and showing both accepted forms.
 */
export function parseTime(value: unknown, field: string): number {
  let ms: number;
  if (typeof value === 'number') {
    ms = value;
  } else if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    ms = Number(value);
  } else if (typeof value === 'string' && RFC3339.test(value.trim())) {
    ms = Date.parse(value.trim());
  } else {
    throw new CulpritError(
      'CULPRIT_VALIDATION',
      `${field} must be epoch milliseconds (e.g. 1795000000000) or an RFC 3339 time (e.g. 2026-11-24T03:00:00Z), got ${JSON.stringify(value)}`,
      field
    );
  }
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) {
    const hint = Number.isFinite(ms) && ms > 0 && ms < MIN_MS ? ' (this looks like seconds: multiply by 1000)' : '';
    throw new CulpritError(
      'CULPRIT_VALIDATION',
      `${field} must be a time between 1990 and 2200 in epoch milliseconds, got ${String(value)}${hint}`,
      field
    );
  }
  return Math.round(ms);
}
