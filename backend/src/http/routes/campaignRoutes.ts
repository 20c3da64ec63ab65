import type { CampaignService } from '../../campaign/campaignService';
import { CulpritError } from '../../service/errors';
import type { CampaignRecord } from '../../store/campaignStore';
import type { App, AppDeps } from '../buildApp';
import { Campaign, CampaignBody, CampaignList, ErrorBody, IdParams } from '../schemas';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

/** Fault campaigns (issue 6) run by the backend: start one from a plan, follow its progress, stop it. */
export function campaignRoutes(app: App, deps: AppDeps): void {
  const service = (): CampaignService => {
    if (!deps.campaigns) {
      throw new CulpritError(
        'CULPRIT_CAMPAIGNS_NOT_CONFIGURED',
        'campaigns are not configured: add `campaigns:` to culprit.yaml (see docs/api.md); ' +
          'or run them from the command line with `culprit campaign run PLAN.yaml`'
      );
    }
    return deps.campaigns;
  };

  app.get(
    '/api/campaigns',
    { schema: { summary: 'List campaigns, newest first', response: { 200: CampaignList, ...errors } } },
    async () => ({ campaigns: (await service().list()).map(toAnswer) })
  );

  app.post(
    '/api/campaigns',
    {
      schema: {
        summary: 'Start a campaign from a plan (one at a time)',
        body: CampaignBody,
        response: { 201: Campaign, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(toAnswer(await service().start(request.body.plan)))
  );

  app.get(
    '/api/campaigns/:id',
    { schema: { summary: 'One campaign and its progress', params: IdParams, response: { 200: Campaign, ...errors } } },
    async (request) => toAnswer(await service().get(request.params.id))
  );

  app.post(
    '/api/campaigns/:id/stop',
    {
      schema: {
        summary: 'Stop a running campaign: revert the active fault, end in state stopped',
        params: IdParams,
        response: { 200: Campaign, ...errors },
      },
    },
    async (request) => toAnswer(await service().stop(request.params.id))
  );
}

function toAnswer(record: CampaignRecord) {
  return {
    id: record.id,
    plan: record.name,
    planText: record.planText,
    driver: record.driver,
    state: record.state,
    total: record.total,
    completed: record.completed,
    current: record.current,
    episodeIds: [...record.episodeIds],
    message: record.message,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
  };
}
