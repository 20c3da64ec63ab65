import { Type } from 'typebox';
import type { App, AppDeps } from '../buildApp';
import { parseTime } from '../parseTime';
import {
  EpisodeList,
  EpisodeListQuery,
  EpisodePatchBody,
  Episode,
  ErrorBody,
  IdParams,
  ImportBody,
  ImportResult,
  NewEpisodeBody,
} from '../schemas';
import { CulpritError } from '../../service/errors';
import type { EpisodePatch } from '../../store/episodeStore';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
/** Import bodies may be larger than other requests: 10 000 episodes fit in 8 MiB. */
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

/** The fault library: episodes CRUD and bulk import. */
export function episodeRoutes(app: App, deps: AppDeps): void {
  const { episodes } = deps.store;

  app.get(
    '/api/episodes',
    {
      schema: {
        summary: 'List episodes, newest first',
        querystring: EpisodeListQuery,
        response: { 200: EpisodeList, ...errors },
      },
    },
    async (request) => {
      const query = request.query;
      return episodes.list({
        service: query.service,
        fault: query.fault,
        source: query.source,
        from: query.from === undefined ? undefined : parseTime(query.from, 'query/from'),
        to: query.to === undefined ? undefined : parseTime(query.to, 'query/to'),
        limit: query.limit ?? 100,
        offset: query.offset ?? 0,
      });
    }
  );

  app.post(
    '/api/episodes',
    { schema: { summary: 'Record an episode', body: NewEpisodeBody, response: { 201: Episode, ...errors } } },
    async (request, reply) => {
      const body = request.body;
      const episode = episodes.add({
        service: body.service,
        fault: body.fault,
        start: parseTime(body.start, 'body/start'),
        end: parseTime(body.end, 'body/end'),
        params: body.params,
        source: body.source ?? 'annotation',
        notes: body.notes,
      });
      return reply.status(201).send(episode);
    }
  );

  app.get(
    '/api/episodes/:id',
    { schema: { summary: 'One episode', params: IdParams, response: { 200: Episode, ...errors } } },
    async (request) => {
      const episode = episodes.get(request.params.id);
      if (!episode) {
        throw notFound(request.params.id);
      }
      return episode;
    }
  );

  app.patch(
    '/api/episodes/:id',
    {
      schema: {
        summary: 'Change an episode',
        params: IdParams,
        body: EpisodePatchBody,
        response: { 200: Episode, ...errors },
      },
    },
    async (request) => {
      const body = request.body;
      const patch: EpisodePatch = {
        ...(body.service !== undefined ? { service: body.service } : {}),
        ...(body.fault !== undefined ? { fault: body.fault } : {}),
        ...(body.start !== undefined ? { start: parseTime(body.start, 'body/start') } : {}),
        ...(body.end !== undefined ? { end: parseTime(body.end, 'body/end') } : {}),
        ...(body.params !== undefined ? { params: body.params } : {}),
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
      };
      const updated = episodes.update(request.params.id, patch);
      if (!updated) {
        throw notFound(request.params.id);
      }
      return updated;
    }
  );

  app.delete(
    '/api/episodes/:id',
    { schema: { summary: 'Delete an episode', params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      if (!episodes.delete(request.params.id)) {
        throw notFound(request.params.id);
      }
      return reply.status(204).send(null);
    }
  );

  app.post(
    '/api/episodes/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        summary: 'Import episodes, all or nothing',
        body: ImportBody,
        response: { 201: ImportResult, ...errors },
      },
    },
    async (request, reply) => {
      const parsed = request.body.episodes.map((episode, index) => ({
        service: episode.service,
        fault: episode.fault,
        start: parseTime(episode.start, `body/episodes/${index}/start`),
        end: parseTime(episode.end, `body/episodes/${index}/end`),
        params: episode.params,
        notes: episode.notes,
        source: 'import' as const,
      }));
      const stored = episodes.addMany(parsed);
      return reply.status(201).send({ imported: stored.length, ids: stored.map((episode) => episode.id) });
    }
  );
}

function notFound(id: number): CulpritError {
  return new CulpritError('CULPRIT_NOT_FOUND', `no episode with id ${id}; GET /api/episodes lists them`, 'params/id');
}
