/**
 * Shapes of the Culprit backend's HTTP API (`docs/api.md`), as the browser sees them through Grafana's
 * data-source proxy. Times are epoch milliseconds unless a name says otherwise.
 */

/** A (service, fault) class label of the fault library is `"<service>/<fault>"`; the quiet class is `"normal"`. */
export type ClassLabel = string;

/** Epoch milliseconds. */
export type EpochMs = number;

export interface ModelSummary {
  id: number;
  name: string;
  classifier?: string;
  createdAt: EpochMs;
}

export interface DiagnosisRequest {
  from: EpochMs;
  to: EpochMs;
  modelId?: number;
}

/** One class of the ranking; the `normal` class has `service: null`. */
export interface RankedClass {
  service: string | null;
  fault: string;
  label: ClassLabel;
  score: number;
}

export interface ServiceScore {
  service: string;
  score: number;
}

/** A labelled instance of the model's library near the diagnosed window; normal windows have no episode. */
export interface Neighbour {
  episodeId: number | null;
  service: string | null;
  fault: string;
  start: EpochMs;
  end: EpochMs;
  distance: number;
}

export interface TopFeature {
  feature: string;
  service: string;
  metric: string;
  weight: number;
}

export interface Culprit {
  service: string;
  fault: string;
  confidence: number;
}

/** The answer to `POST /api/diagnose`. */
export interface Diagnosis {
  window: { from: EpochMs; to: EpochMs; stepSeconds: number };
  /** The stretch that was classified when the window was much longer than the model's (else null or absent). */
  located?: { from: EpochMs; to: EpochMs } | null;
  model: ModelSummary;
  /** `unknown` when nothing in the library is close enough to name a culprit. */
  status: 'ok' | 'unknown';
  /** `null` when the status is unknown or the window looks normal. */
  culprit: Culprit | null;
  ranking: RankedClass[];
  services: ServiceScore[];
  neighbours: Neighbour[];
  topFeatures: TopFeature[];
  quality: { missingFraction: number; filledPoints: number; servicesWithoutData: string[] };
  timings: { queryMs: number; buildMs: number; classifyMs: number; totalMs: number };
}

/** The answer to `GET /api/health`. */
export interface Health {
  status: 'ok' | 'degraded' | string;
  version: string;
  model: ModelSummary | null;
  prometheus: { reachable: boolean; error: string | null };
}

/** The diagnosis at one timeline point; `service`/`fault` are null when normal or unknown. */
export interface TimelineCulprit {
  time: EpochMs;
  service: string | null;
  fault: string | null;
  confidence: number;
  status: 'ok' | 'unknown';
}

/** The answer to `GET /api/diagnoses/timeline`. */
export interface Timeline {
  window: { from: EpochMs; to: EpochMs; stepSeconds: number };
  model: ModelSummary;
  times: EpochMs[];
  /** `scores[j]` is the service's culprit score at `times[j]`, null where that window had too little data. */
  series: Array<{ service: string; scores: Array<number | null> }>;
  culprits: TimelineCulprit[];
}

/** A predicted incident: a run of timeline points that named the same culprit. */
export interface Incident {
  from: EpochMs;
  to: EpochMs;
  service: string;
  fault: string;
  confidence: number;
}

export interface Incidents {
  source: 'continuous' | 'on-demand';
  incidents: Incident[];
}

/** A labelled fault episode of the library. */
export interface Episode {
  id: number;
  service: string;
  fault: string;
  start: EpochMs;
  end: EpochMs;
  source: 'campaign' | 'annotation' | 'import' | string;
  params?: Record<string, unknown>;
  notes?: string;
  createdAt?: EpochMs;
}

export interface NewEpisode {
  service: string;
  fault: string;
  start: EpochMs;
  end: EpochMs;
  params?: Record<string, unknown>;
  source?: string;
  notes?: string;
}

export interface EpisodeFilter {
  service?: string;
  fault?: string;
  source?: string;
  from?: EpochMs;
  to?: EpochMs;
  limit?: number;
  offset?: number;
}

export interface Job {
  id: string;
  kind?: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  /** 0..1 */
  progress: number;
  message?: string;
  result: { modelId?: number } | null;
  error: { code: string; message: string } | null;
}

/**
 * The core classifier spec: its name plus the classifier's own settings. (docs/api.md calls the name `kind`; the
 * backend's schema reads `classifier`, and the backend is what answers.)
 */
export interface ClassifierSpec {
  classifier: 'ed' | 'dtw-d' | 'dtw-i' | 'minirocket' | string;
  k?: number;
  windowFraction?: number;
  [setting: string]: unknown;
}

export interface TrainRequest {
  name: string;
  classifier: ClassifierSpec;
  normalPerEpisode?: number;
  activate?: boolean;
  evaluate?: boolean;
}

export interface Model extends ModelSummary {
  classifier: string;
  settings?: ClassifierSpec;
  version?: number;
  active: boolean;
  instances?: number;
  classes?: string[];
  length?: number;
  features?: number;
}

/** A model's leave-one-out evaluation. */
export interface Evaluation {
  modelId: number;
  method: string;
  instances: number;
  /** (service, fault) accuracy. */
  accuracy: number;
  serviceAccuracy: number;
  ac1?: number;
  ac3?: number;
  avg5?: number;
  labels: string[];
  /** `confusion[i][j]`: instances of `labels[i]` predicted as `labels[j]`. */
  confusion: number[][];
}

export interface Feedback {
  from: EpochMs;
  to: EpochMs;
  verdict: 'confirm' | 'correct' | 'reject';
  service?: string;
  fault?: string;
  modelId?: number;
  notes?: string;
}

/** A fault campaign run by the backend (`/api/campaigns`, docs/api.md); the page shows "not available" without it. */
export interface Campaign {
  id: number;
  state: 'running' | 'succeeded' | 'failed' | 'stopped';
  /** The plan's name. */
  plan: string;
  /** The plan as it was sent (YAML). */
  planText?: string;
  driver?: string;
  /** Episodes in the plan, and how many are finished (reverted and recorded). */
  total: number;
  completed: number;
  /** The episode under way: its fault is due to be reverted at `end`. */
  current?: { service: string; fault: string; start: EpochMs; end: EpochMs } | null;
  /** Fault-library ids of the recorded episodes. */
  episodeIds?: number[];
  startedAt?: EpochMs;
  endedAt?: EpochMs | null;
  message?: string;
}
