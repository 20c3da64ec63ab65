import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** The version of the stored query this build writes; `migrations.ts` upgrades older ones. */
export const QUERY_SCHEMA_VERSION = 2;

/** `timeline`: per-service culprit scores over time. `incidents`: predicted incidents, for annotations. */
export type CulpritQueryType = 'timeline' | 'incidents';

/** A Culprit query as stored in dashboards. */
export interface CulpritQuery extends DataQuery {
  schemaVersion: number;
  queryType: CulpritQueryType;
  /** Seconds between timeline points; unset means the backend's window length. */
  stepSeconds?: number;
  /** Comma-separated services to keep; empty keeps all. */
  services?: string;
  /** Incidents below this confidence (0..1) are left out. */
  minConfidence?: number;
}

export const DEFAULT_QUERY: Partial<CulpritQuery> = {
  schemaVersion: QUERY_SCHEMA_VERSION,
  queryType: 'timeline',
  services: '',
  minConfidence: 0,
};

/** Settings shown to the browser. */
export interface CulpritJsonData extends DataSourceJsonData {
  /** Base URL of the Culprit backend as Grafana's server reaches it, e.g. `http://culprit:8417`. */
  backendUrl?: string;
}

/** Settings Grafana keeps server-side and only uses in the proxy route (never sent to the browser). */
export interface CulpritSecureJsonData {
  apiToken?: string;
}
