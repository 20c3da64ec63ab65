import type { App, AppDeps } from '../buildApp';
import { parseTime } from '../parseTime';
import { ErrorBody, FeedbackBody, FeedbackResult } from '../schemas';
import { CulpritError } from '../../service/errors';

/** `POST /api/feedback`: confirm or correct a diagnosis; both add the window to the fault library. */
export function feedbackRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/feedback',
    {
      schema: {
        summary: 'Confirm, correct or reject a diagnosis',
        body: FeedbackBody,
        response: { 201: FeedbackResult, '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const from = parseTime(body.from, 'body/from');
      const to = parseTime(body.to, 'body/to');
      if (!(from < to)) {
        throw new CulpritError('CULPRIT_BAD_WINDOW', 'from must be before to', 'body/to');
      }
      if (body.verdict !== 'reject') {
        for (const key of ['service', 'fault'] as const) {
          if (body[key] === undefined) {
            throw new CulpritError(
              'CULPRIT_VALIDATION',
              `body/${key} is required when verdict is ${body.verdict} (the ${body.verdict === 'confirm' ? 'diagnosed' : 'true'} ${key})`,
              `body/${key}`
            );
          }
        }
      }
      if (body.modelId !== undefined && !deps.store.models.get(body.modelId)) {
        throw new CulpritError('CULPRIT_NOT_FOUND', `no model with id ${body.modelId}`, 'body/modelId');
      }
      const result = deps.store.feedback.add({
        from,
        to,
        verdict: body.verdict,
        service: body.service,
        fault: body.fault,
        modelId: body.modelId,
        notes: body.notes,
      });
      return reply.status(201).send(result);
    }
  );
}
