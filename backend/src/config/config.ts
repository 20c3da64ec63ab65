/** The validated shape of `culprit.yaml`. Everything has a value after {@link loadConfig}; defaults are filled in. */
export interface CulpritConfig {
  /** The file it was read from (absolute), or `undefined` for configs built in code. */
  readonly file?: string;
  readonly prometheus: PrometheusConfig;
  readonly services: ServicesConfig;
  readonly catalogue: FeatureCatalogue;
  /** Resolution of every query and of the instance grid. */
  readonly stepSeconds: number;
  /** Length of a diagnosis window and of the instances a model is trained on. */
  readonly windowSeconds: number;
  /** Length of the window just before a diagnosis window that its features are scaled against. */
  readonly baselineSeconds: number;
  readonly store: { readonly path: string };
  readonly api: ApiConfig;
  readonly listen: { readonly host: string; readonly port: number };
  readonly limits: LimitsConfig;
  /** Diagnosis worker threads; 0 runs diagnoses on the main thread (the CLI does). */
  readonly workers: { readonly threads: number };
  /** Fault campaigns through the HTTP API (`POST /api/campaigns`); absent: the campaign routes answer 501. */
  readonly campaigns?: CampaignsConfig;
}

/** The `campaigns:` section: which driver the served campaign API injects faults with, and where it journals. */
export interface CampaignsConfig {
  readonly driver: 'local' | 'pumba';
  /** Lab supervisor control URL (local driver). */
  readonly labUrl?: string;
  /** pumba binary (pumba driver). */
  readonly pumbaPath?: string;
  /** Docker socket pumba talks to (pumba driver). */
  readonly dockerSocket?: string;
  /** Journal of active faults, for crash recovery at the next start (absolute). */
  readonly journalPath: string;
  /** Grafana to write each episode to as a region annotation. */
  readonly grafana?: { readonly url: string; readonly token: string };
}

export interface PrometheusConfig {
  readonly url: string;
  readonly timeoutMs: number;
  /** Extra attempts after a 5xx answer or a network error (a 4xx is never retried: the query is wrong). */
  readonly retries: number;
  readonly auth?:
    | { readonly kind: 'basic'; readonly username: string; readonly password: string }
    | { readonly kind: 'bearer'; readonly token: string };
}

/** Either a fixed list of services, or the values of a label (filtered by a regex) found in Prometheus. */
export type ServicesConfig =
  | { readonly kind: 'list'; readonly names: readonly string[] }
  | { readonly kind: 'discover'; readonly label: string; readonly regex: string; readonly match: string };

/** One metric measured for every service: a PromQL template in which `$service` stands for the service name. */
export interface FeatureTemplate {
  /** Short name, used in feature names `<service>:<metric>` and in case-folder columns `<service>_<metric>`. */
  readonly metric: string;
  readonly query: string;
}

export interface FeatureCatalogue {
  readonly name: string;
  readonly features: readonly FeatureTemplate[];
}

export interface ApiConfig {
  readonly tokens: readonly string[];
  readonly bodyLimitBytes: number;
}

export interface LimitsConfig {
  readonly maxWindowSeconds: number;
  readonly maxTimelinePoints: number;
  /** A window with a larger share of missing points is refused rather than guessed. */
  readonly maxMissingFraction: number;
  /** Parallel Prometheus queries per instance. */
  readonly queryConcurrency: number;
}

/** Feature name for explanations and for the model's feature order. */
export function featureName(service: string, metric: string): string {
  return `${service}:${metric}`;
}

/**
 * Fills a catalogue template for one service: `$service` becomes the name, `$rateInterval` becomes 4 × the step
 * (`rate()` needs several samples per range to be defined at every grid point).
 */
export function expandTemplate(query: string, service: string, stepSeconds: number): string {
  return query.replaceAll('$rateInterval', `${Math.round(4 * stepSeconds)}s`).replaceAll('$service', service);
}
