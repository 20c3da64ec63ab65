import type { App, AppDeps } from '../buildApp';
import {
  ErrorBody,
  Evaluation,
  IdParams,
  Job,
  JobAccepted,
  JobParams,
  ModelList,
  ModelSummary,
  TrainBody,
} from '../schemas';
import { checkClassifierSpec } from '../../models/coreClassifiers';
import { CulpritError } from '../../service/errors';
import type { ModelSummary as StoredModel } from '../../store/modelStore';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

/** Training (as a job), listing, activation, evaluation. */
export function modelRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/models',
    {
      schema: {
        summary: 'Train a model from the fault library (a job)',
        body: TrainBody,
        response: { 202: JobAccepted, ...errors },
      },
    },
    async (request, reply) => {
      try {
        checkClassifierSpec(request.body.classifier);
      } catch (error) {
        throw new CulpritError('CULPRIT_VALIDATION', `body/classifier: ${(error as Error).message}`, 'body/classifier');
      }
      if (deps.store.episodes.count() === 0) {
        throw new CulpritError(
          'CULPRIT_NO_TRAINING_DATA',
          'the fault library has no episode; record some (a campaign, POST /api/episodes, or import) first'
        );
      }
      const body = request.body;
      const job = deps.jobs.submit('train', async (reporter) => {
        const report = await deps.train(
          {
            name: body.name,
            classifier: body.classifier as never,
            normalPerEpisode: body.normalPerEpisode,
            activate: body.activate,
            evaluate: body.evaluate,
          },
          reporter
        );
        return { modelId: report.model.id, skipped: report.skipped };
      });
      return reply.status(202).send({ jobId: job.id });
    }
  );

  app.get(
    '/api/jobs/:id',
    { schema: { summary: 'Progress and result of a job', params: JobParams, response: { 200: Job, ...errors } } },
    async (request) => {
      const job = deps.jobs.get(request.params.id);
      if (!job) {
        throw new CulpritError(
          'CULPRIT_NOT_FOUND',
          `no job ${request.params.id} (jobs are kept in memory until the service restarts)`,
          'params/id'
        );
      }
      return job;
    }
  );

  app.get(
    '/api/models',
    { schema: { summary: 'Every model, newest first', response: { 200: ModelList, ...errors } } },
    async () => ({
      models: deps.store.models.list().map(summary),
    })
  );

  app.post(
    '/api/models/:id/activate',
    {
      schema: { summary: 'Make a model the active one', params: IdParams, response: { 200: ModelSummary, ...errors } },
    },
    async (request) => {
      if (!deps.store.models.activate(request.params.id)) {
        throw modelNotFound(request.params.id);
      }
      return summary(deps.store.models.get(request.params.id) as StoredModel);
    }
  );

  app.get(
    '/api/models/:id/evaluation',
    {
      schema: {
        summary: "A model's cross-validated evaluation",
        params: IdParams,
        response: { 200: Evaluation, ...errors },
      },
    },
    async (request) => {
      const evaluation = deps.store.models.evaluation(request.params.id);
      if (evaluation === undefined) {
        throw modelNotFound(request.params.id);
      }
      if (evaluation === null) {
        throw new CulpritError(
          'CULPRIT_NOT_FOUND',
          `model ${request.params.id} was trained without evaluation (evaluate: false)`,
          'params/id'
        );
      }
      return { modelId: request.params.id, ...evaluation };
    }
  );
}

/** The API's model summary (docs/api.md). */
export function summary(model: StoredModel) {
  return {
    id: model.id,
    name: model.name,
    classifier: model.classifierKind,
    settings: model.settings as Record<string, unknown>,
    version: model.version,
    createdAt: model.createdAt,
    active: model.active,
    catalogueHash: model.catalogueHash,
    instances: model.training.length,
    classes: [...new Set(model.training.map((instance) => instance.label))].sort(),
    length: model.catalogue.length,
    features: model.catalogue.services.length * model.catalogue.features.length,
  };
}

function modelNotFound(id: number): CulpritError {
  return new CulpritError('CULPRIT_NOT_FOUND', `no model with id ${id}; GET /api/models lists them`, 'params/id');
}
