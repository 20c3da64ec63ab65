import { Type } from 'typebox';

/**
 * Every request and response schema of the API (docs/api.md), in one place: the server validates requests and
 * serialises answers with them, and `GET /api/openapi.json` is generated from them.
 */

/** A time as epoch milliseconds or an RFC 3339 string; parsed by `parseTime`. */
export const TimeInput = Type.Union([Type.Number(), Type.String({ minLength: 1, maxLength: 64 })], {
  description: 'epoch milliseconds, or an RFC 3339 string such as 2026-11-24T03:00:00Z',
});
/** In a query string every value is text: digits are epoch milliseconds, anything else RFC 3339. */
export const TimeQuery = Type.String({ minLength: 1, maxLength: 64, description: 'epoch milliseconds or RFC 3339' });
const Id = Type.Integer({ minimum: 1 });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/]+$' });
const Ms = Type.Number({ description: 'epoch milliseconds' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'an integer id' }) });
export const JobParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(),
  model: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), createdAt: Ms })),
  prometheus: Type.Object({ reachable: Type.Boolean(), error: Nullable(Type.String()) }),
});

export const DiagnoseBody = Type.Object(
  { from: TimeInput, to: TimeInput, modelId: Type.Optional(Id) },
  { additionalProperties: false }
);

const ModelRef = Type.Object({ id: Type.Integer(), name: Type.String(), classifier: Type.String(), createdAt: Ms });
const Window = Type.Object({ from: Ms, to: Ms, stepSeconds: Type.Number() });

export const Diagnosis = Type.Object({
  window: Window,
  located: Nullable(Type.Object({ from: Ms, to: Ms })),
  model: ModelRef,
  status: Type.Union([Type.Literal('ok'), Type.Literal('unknown')]),
  culprit: Nullable(Type.Object({ service: Type.String(), fault: Type.String(), confidence: Type.Number() })),
  ranking: Type.Array(
    Type.Object({ service: Nullable(Type.String()), fault: Type.String(), label: Type.String(), score: Type.Number() })
  ),
  services: Type.Array(Type.Object({ service: Type.String(), score: Type.Number() })),
  neighbours: Type.Array(
    Type.Object({
      episodeId: Nullable(Type.Integer()),
      service: Nullable(Type.String()),
      fault: Type.String(),
      start: Ms,
      end: Ms,
      distance: Type.Number(),
    })
  ),
  topFeatures: Type.Array(
    Type.Object({ feature: Type.String(), service: Type.String(), metric: Type.String(), weight: Type.Number() })
  ),
  quality: Type.Object({
    missingFraction: Type.Number(),
    filledPoints: Type.Integer(),
    servicesWithoutData: Type.Array(Type.String()),
  }),
  unknownAnomaly: Nullable(Type.Number()),
  timings: Type.Object({
    queryMs: Type.Number(),
    buildMs: Type.Number(),
    classifyMs: Type.Number(),
    totalMs: Type.Number(),
  }),
});

export const TimelineQuery = Type.Object(
  { from: TimeQuery, to: TimeQuery, stepSeconds: Type.Optional(Type.Number({ minimum: 1, maximum: 86400 })) },
  { additionalProperties: false }
);
export const Timeline = Type.Object({
  window: Window,
  model: ModelRef,
  times: Type.Array(Ms),
  series: Type.Array(Type.Object({ service: Type.String(), scores: Type.Array(Nullable(Type.Number())) })),
  culprits: Type.Array(
    Type.Object({
      time: Ms,
      service: Nullable(Type.String()),
      fault: Nullable(Type.String()),
      confidence: Nullable(Type.Number()),
      status: Type.Union([Type.Literal('ok'), Type.Literal('unknown'), Type.Literal('failed')]),
    })
  ),
});

export const IncidentsQuery = Type.Object({ from: TimeQuery, to: TimeQuery }, { additionalProperties: false });
export const Incidents = Type.Object({
  source: Type.Union([Type.Literal('continuous'), Type.Literal('on-demand')]),
  incidents: Type.Array(
    Type.Object({ from: Ms, to: Ms, service: Type.String(), fault: Type.String(), confidence: Type.Number() })
  ),
});

const Source = Type.Union([Type.Literal('campaign'), Type.Literal('annotation'), Type.Literal('import')]);
const Params = Type.Record(Type.String(), Type.Unknown(), { description: 'fault parameters, free-form' });

export const Episode = Type.Object({
  id: Type.Integer(),
  service: Type.String(),
  fault: Type.String(),
  params: Params,
  start: Ms,
  end: Ms,
  source: Source,
  notes: Type.String(),
  createdAt: Ms,
});

export const EpisodeListQuery = Type.Object(
  {
    service: Type.Optional(Name),
    fault: Type.Optional(Name),
    source: Type.Optional(Source),
    from: Type.Optional(TimeQuery),
    to: Type.Optional(TimeQuery),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false }
);
export const EpisodeList = Type.Object({ episodes: Type.Array(Episode), total: Type.Integer() });

const NotesText = Type.String({ maxLength: 10000 });
export const NewEpisodeBody = Type.Object(
  {
    service: Name,
    fault: Name,
    start: TimeInput,
    end: TimeInput,
    params: Type.Optional(Params),
    source: Type.Optional(Source),
    notes: Type.Optional(NotesText),
  },
  { additionalProperties: false }
);

export const EpisodePatchBody = Type.Object(
  {
    service: Type.Optional(Name),
    fault: Type.Optional(Name),
    start: Type.Optional(TimeInput),
    end: Type.Optional(TimeInput),
    params: Type.Optional(Params),
    notes: Type.Optional(NotesText),
  },
  { additionalProperties: false, minProperties: 1 }
);

export const ImportBody = Type.Object(
  {
    episodes: Type.Array(
      Type.Object(
        {
          service: Name,
          fault: Name,
          start: TimeInput,
          end: TimeInput,
          params: Type.Optional(Params),
          notes: Type.Optional(NotesText),
        },
        { additionalProperties: false }
      ),
      { minItems: 1, maxItems: 10000 }
    ),
  },
  { additionalProperties: false }
);
export const ImportResult = Type.Object({ imported: Type.Integer(), ids: Type.Array(Type.Integer()) });

export const TrainBody = Type.Object(
  {
    name: Name,
    classifier: Type.Union([Type.String(), Type.Record(Type.String(), Type.Unknown())], {
      description: 'a core classifier spec: a name (ed, dtw-d, dtw-i, minirocket) or { classifier, ...settings }',
    }),
    normalPerEpisode: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
    activate: Type.Optional(Type.Boolean()),
    evaluate: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false }
);
export const JobAccepted = Type.Object({ jobId: Type.String() });
export const Job = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  state: Type.Union([
    Type.Literal('queued'),
    Type.Literal('running'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
  ]),
  progress: Type.Number(),
  message: Type.String(),
  result: Nullable(Type.Record(Type.String(), Type.Unknown())),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
});

export const ModelSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  classifier: Type.String(),
  settings: Type.Record(Type.String(), Type.Unknown()),
  version: Type.Integer(),
  createdAt: Ms,
  active: Type.Boolean(),
  catalogueHash: Type.String(),
  instances: Type.Integer(),
  classes: Type.Array(Type.String()),
  length: Type.Integer(),
  features: Type.Integer(),
});
export const ModelList = Type.Object({ models: Type.Array(ModelSummary) });
export const Evaluation = Type.Object({
  modelId: Type.Integer(),
  method: Type.String(),
  folds: Type.Integer(),
  instances: Type.Integer(),
  accuracy: Type.Number(),
  serviceAccuracy: Type.Number(),
  ac1: Type.Number(),
  ac3: Type.Number(),
  avg5: Type.Number(),
  labels: Type.Array(Type.String()),
  confusion: Type.Array(Type.Array(Type.Integer())),
});

export const FeedbackBody = Type.Object(
  {
    from: TimeInput,
    to: TimeInput,
    verdict: Type.Union([Type.Literal('confirm'), Type.Literal('correct'), Type.Literal('reject')]),
    service: Type.Optional(Name),
    fault: Type.Optional(Name),
    modelId: Type.Optional(Id),
    notes: Type.Optional(NotesText),
  },
  { additionalProperties: false }
);
export const FeedbackResult = Type.Object({ id: Type.Integer(), episodeId: Nullable(Type.Integer()) });

export const CampaignBody = Type.Object(
  {
    plan: Type.String({
      minLength: 1,
      maxLength: 100_000,
      description: 'the campaign plan as YAML text, as in plans/*.yaml (see docs/api.md)',
    }),
  },
  { additionalProperties: false }
);
export const Campaign = Type.Object({
  id: Type.Integer(),
  plan: Type.String({ description: "the plan's name" }),
  planText: Type.String({ description: 'the plan as it was sent' }),
  driver: Type.String(),
  state: Type.Union([
    Type.Literal('running'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
    Type.Literal('stopped'),
  ]),
  total: Type.Integer({ description: 'episodes in the plan' }),
  completed: Type.Integer({ description: 'episodes finished (reverted and recorded)' }),
  current: Nullable(Type.Object({ service: Type.String(), fault: Type.String(), start: Ms, end: Ms })),
  episodeIds: Type.Array(Type.Integer(), { description: 'ids of the recorded episodes in the fault library' }),
  message: Type.String(),
  startedAt: Ms,
  endedAt: Nullable(Ms),
});
export const CampaignList = Type.Object({ campaigns: Type.Array(Campaign) });
