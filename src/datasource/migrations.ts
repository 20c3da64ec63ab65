import { CulpritQuery, QUERY_SCHEMA_VERSION } from './types';

/**
 * A query as version 1 stored it: `kind` instead of `queryType`, the step as a Prometheus duration string
 * (`"5m"`), and the services as an array.
 */
export interface CulpritQueryV1 {
  refId: string;
  kind?: 'scores' | 'incidents';
  step?: string;
  services?: string[];
  hide?: boolean;
}

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds in a Prometheus-style duration (`90s`, `5m`, `1h30m`), or undefined when it is not one. */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Number(trimmed);
  }
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    return undefined;
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * DURATION_UNITS[unit], 0);
}

/** Upgrades a stored query of any earlier version to the current one; current queries pass through unchanged. */
export function migrateQuery(stored: CulpritQuery | CulpritQueryV1): CulpritQuery {
  const query = stored as Partial<CulpritQuery> & CulpritQueryV1;
  if (typeof query.schemaVersion === 'number' && query.schemaVersion >= QUERY_SCHEMA_VERSION) {
    return query as CulpritQuery;
  }
  const { kind, step, services, ...rest } = query;
  const migrated: CulpritQuery = {
    ...rest,
    refId: query.refId,
    schemaVersion: QUERY_SCHEMA_VERSION,
    queryType: query.queryType ?? (kind === 'incidents' ? 'incidents' : 'timeline'),
  };
  if (typeof step === 'string') {
    const seconds = parseDurationSeconds(step);
    if (seconds !== undefined && seconds > 0) {
      migrated.stepSeconds = seconds;
    }
  }
  if (Array.isArray(services)) {
    migrated.services = services.join(', ');
  } else if (typeof services === 'string') {
    migrated.services = services;
  }
  return migrated;
}
