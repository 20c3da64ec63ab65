import type { App, AppDeps } from '../buildApp';
import { parseTime } from '../parseTime';
import { DiagnoseBody, Diagnosis, ErrorBody, Incidents, IncidentsQuery, Timeline, TimelineQuery } from '../schemas';
import type { ServiceMetrics } from '../serviceMetrics';
import { CulpritError } from '../../service/errors';
import { mergeIncidents, modelRef } from '../../service/diagnosisService';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

/** `POST /api/diagnose`, `GET /api/diagnoses/timeline`, `GET /api/diagnoses/incidents`. */
export function diagnosisRoutes(app: App, deps: AppDeps, metrics: ServiceMetrics): void {
  app.post(
    '/api/diagnose',
    {
      schema: {
        summary: 'Diagnose a time window: the culprit service and fault, with evidence',
        body: DiagnoseBody,
        response: { 200: Diagnosis, ...errors },
      },
    },
    async (request) => {
      const from = parseTime(request.body.from, 'body/from');
      const to = parseTime(request.body.to, 'body/to');
      const stop = metrics.diagnoseDuration.startTimer();
      try {
        const diagnosis = await deps.diagnosis.diagnose(from, to, request.body.modelId);
        stop({ outcome: diagnosis.status });
        return diagnosis;
      } catch (error) {
        stop({ outcome: 'error' });
        throw error;
      }
    }
  );

  app.get(
    '/api/diagnoses/timeline',
    {
      schema: {
        summary: 'Per-service culprit scores over time',
        querystring: TimelineQuery,
        response: { 200: Timeline, ...errors },
      },
    },
    async (request) => {
      const from = parseTime(request.query.from, 'query/from');
      const to = parseTime(request.query.to, 'query/to');
      if (!(from < to)) {
        throw new CulpritError('CULPRIT_BAD_WINDOW', 'from must be before to', 'query/to');
      }
      const stepSeconds = request.query.stepSeconds ?? deps.config.windowSeconds;
      if (deps.continuous?.covers(from, to)) {
        const model = deps.diagnosis.resolveModel();
        return {
          window: { from, to, stepSeconds },
          model: modelRef(model),
          ...deps.continuous.timeline(from, to, stepSeconds * 1000),
        };
      }
      return deps.diagnosis.timeline(from, to, stepSeconds);
    }
  );

  app.get(
    '/api/diagnoses/incidents',
    {
      schema: {
        summary: 'Predicted incidents (runs of the same culprit)',
        querystring: IncidentsQuery,
        response: { 200: Incidents, ...errors },
      },
    },
    async (request) => {
      const from = parseTime(request.query.from, 'query/from');
      const to = parseTime(request.query.to, 'query/to');
      if (!(from < to)) {
        throw new CulpritError('CULPRIT_BAD_WINDOW', 'from must be before to', 'query/to');
      }
      if (deps.continuous?.covers(from, to)) {
        return { source: 'continuous' as const, incidents: deps.continuous.incidents(from, to) };
      }
      const timeline = await deps.diagnosis.timeline(from, to, deps.config.windowSeconds);
      return {
        source: 'on-demand' as const,
        incidents: mergeIncidents(timeline.culprits, timeline.window.stepSeconds * 1000),
      };
    }
  );
}
