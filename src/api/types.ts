/**
 * Shapes of the Culprit backend's HTTP API (`docs/api.md`), as the browser sees them through Grafana's
 * data-source proxy. Times are epoch milliseconds unless a name says otherwise.
 */

/** A (service, fault) class label of the fault library is `"<service>/<fault>"`; the quiet class is `"normal"`. */
export type ClassLabel = string;

export interface ModelSummary {
  id: string;
  name: string;
  classifier?: string;
  createdAt: string;
}

export interface DiagnosisRequest {
  from: number;
  to: number;
  modelId?: string;
}

export interface RankedClass {
  service: string;
  fault: string;
  label: ClassLabel;
  score: number;
}

export interface ServiceScore {
  service: string;
  score: number;
}

export interface Neighbour {
  episodeId: string;
  service: string;
  fault: string;
  start: number;
  end: number;
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
  window: { from: number; to: number; stepSeconds: number };
  model: ModelSummary;
  /** `unknown` when nothing in the library is close enough to name a culprit. */
  status: 'ok' | 'unknown';
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
  status: string;
  version: string;
  model: ModelSummary | null;
  prometheus: { status?: string; url?: string; [key: string]: unknown };
}

/** One point of the diagnosis timeline: per-service culprit scores for the window ending at `time`. */
export interface TimelinePoint {
  time: number;
  scores: Record<string, number>;
  status?: 'ok' | 'unknown';
}

/** The answer to `GET /api/diagnoses/timeline`. */
export interface Timeline {
  stepSeconds: number;
  services: string[];
  points: TimelinePoint[];
}

/** A predicted incident: a run of windows that named the same culprit. */
export interface Incident {
  start: number;
  end: number;
  service: string;
  fault: string;
  confidence: number;
}

/** A labelled fault episode of the library. */
export interface Episode {
  id: string;
  service: string;
  fault: string;
  start: number;
  end: number;
  source?: string;
  params?: Record<string, unknown>;
  note?: string;
}

export type NewEpisode = Omit<Episode, 'id'>;

export interface Job {
  id: string;
  kind?: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** 0..1 */
  progress: number;
  message?: string;
  result?: { modelId?: string; [key: string]: unknown };
  error?: string;
}

export interface TrainRequest {
  name: string;
  classifier: string;
  from?: number;
  to?: number;
}

export interface Model extends ModelSummary {
  active?: boolean;
  classes?: string[];
  episodes?: number;
}

/** Per-classifier leave-one-episode-out results of a model's evaluation. */
export interface ClassifierEvaluation {
  classifier: string;
  serviceAccuracy: number;
  labelAccuracy: number;
  ac1?: number;
  ac3?: number;
  avg5?: number;
  latencyMs?: number;
}

export interface Evaluation {
  modelId: string;
  classifiers: ClassifierEvaluation[];
  confusion: { labels: string[]; counts: number[][] };
}

export interface Feedback {
  from: number;
  to: number;
  modelId?: string;
  predicted: { service: string; fault: string } | null;
  /** What the SRE says it really was; equal to `predicted` when confirming. */
  actual: { service: string; fault: string };
  verdict: 'confirm' | 'correct';
}

export interface Campaign {
  id: string;
  state: 'running' | 'done' | 'failed' | 'stopped';
  plan?: string;
  total: number;
  completed: number;
  current?: { service: string; fault: string; start: number; end?: number } | null;
  startedAt?: number;
  message?: string;
}
