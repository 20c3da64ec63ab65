/**
 * Bad input on every route: each is answered with the documented status and error code (docs/api.md), a message
 * saying what to fix (naming the field when one is at fault), no stack trace, and the store left unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../backend/src/config/loadConfig';
import { createClassifier } from '../../backend/src/core/classifiers/createClassifier';
import type { Mts } from '../../backend/src/core/types';
import { catalogueHash, modelCatalogueFrom } from '../../backend/src/models/modelCatalogue';
import { createBackend, type Backend } from '../../backend/src/service/createBackend';
import { freePort } from '../support/freePort';

const TOKEN = 'bad-input-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const T0 = Date.UTC(2026, 10, 24, 3, 0, 0);

let backend: Backend;
let dir: string;
let modelId: number;

/** Everything a bad request must not change. */
function storeSnapshot(): string {
  const db = backend.store.db;
  return JSON.stringify([
    db.prepare('SELECT * FROM episodes ORDER BY id').all(),
    db.prepare('SELECT id, active, version FROM models ORDER BY id').all(),
    db.prepare('SELECT * FROM feedback ORDER BY id').all(),
    db.prepare('SELECT episode_id, catalogue_hash FROM instances').all(),
    db.prepare('SELECT * FROM campaigns ORDER BY id').all(),
  ]);
}

/** A small real model: the core's DTW classifier fitted on synthetic instances of the configured shape. */
function storeSyntheticModel(): number {
  const catalogue = modelCatalogueFrom(backend.config, ['cart', 'orders']);
  const nFeatures = catalogue.services.length * catalogue.features.length;
  const instance = (hot: number, level: number): Mts => {
    const values = new Float64Array(catalogue.length * nFeatures);
    for (let t = 0; t < catalogue.length; t++) {
      values[t * nFeatures + hot] = level * Math.sin((t + 1) / 3);
    }
    return { nFeatures, length: catalogue.length, values };
  };
  const series = [instance(0, 5), instance(0, 6), instance(7, 5), instance(7, 6), instance(3, 0.1), instance(3, 0.2)];
  const labels = ['cart/cpu', 'cart/cpu', 'orders/cpu', 'orders/cpu', 'normal', 'normal'];
  const classifier = createClassifier({ classifier: 'dtw-d', k: 1 });
  classifier.fit(series, labels);
  const episodes = backend.store.episodes.addMany(
    labels.slice(0, 4).map((label, i) => ({
      service: label.split('/')[0],
      fault: 'cpu',
      start: T0 + i * 600_000,
      end: T0 + i * 600_000 + 300_000,
      source: 'campaign' as const,
    }))
  );
  return backend.store.models.add(
    {
      name: 'synthetic',
      classifierKind: 'dtw-d',
      catalogueHash: catalogueHash(catalogue),
      catalogue,
      settings: { classifier: 'dtw-d', k: 1 },
      classifier: classifier.toJSON(),
      training: labels.map((label, i) => ({
        episodeId: episodes[i]?.id ?? null,
        label,
        start: T0 + i * 600_000,
        end: T0 + i * 600_000 + 300_000,
      })),
      evaluation: null,
    },
    true
  ).id;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-http-'));
  // Nothing listens on this port: every Prometheus call fails like a Prometheus that is down.
  const downPort = await freePort();
  const config = parseConfig(
    {
      prometheus: { url: `http://127.0.0.1:${downPort}`, timeoutMs: 1000, retries: 1 },
      services: ['cart', 'orders'],
      catalogue: 'catalogue-lab.yaml',
      store: { path: path.join(dir, 'culprit.sqlite') },
      api: { tokens: [TOKEN], bodyLimitBytes: 4096 },
      workers: { threads: 0 },
      // No lab answers there either: a good plan is refused because the driver cannot reach the services.
      campaigns: { driver: 'local', labUrl: `http://127.0.0.1:${downPort}` },
    },
    path.join(dir, 'culprit.yaml')
  );
  backend = createBackend(config, { version: 'test' });
  modelId = storeSyntheticModel();
});

afterAll(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

interface BadCase {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
  /** Sent as is (for malformed JSON). */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  /** Words the message must contain (what to fix). */
  readonly says: RegExp;
}

const window = { from: T0, to: T0 + 600_000 };
const campaignPlan =
  'name: t\nservices: [cart]\nfaults: [{kind: cpu}]\nfaultSeconds: 5\ngapSeconds: 5\nverify: false\n';
const episode = { service: 'cart', fault: 'cpu', start: T0, end: T0 + 60_000 };

const cases: BadCase[] = [
  {
    name: 'diagnose: malformed JSON',
    method: 'POST',
    url: '/api/diagnose',
    raw: '{"from": 1795000000000,',
    status: 400,
    code: 'CULPRIT_MALFORMED_JSON',
    says: /not valid JSON/,
  },
  {
    name: 'diagnose: NaN in JSON',
    method: 'POST',
    url: '/api/diagnose',
    raw: '{"from": NaN, "to": 1795000000000}',
    status: 400,
    code: 'CULPRIT_MALFORMED_JSON',
    says: /NaN/,
  },
  {
    name: 'diagnose: "NaN" as a time',
    method: 'POST',
    url: '/api/diagnose',
    body: { from: 'NaN', to: T0 },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/from',
    says: /epoch milliseconds.*RFC 3339/,
  },
  {
    name: 'diagnose: wrong type',
    method: 'POST',
    url: '/api/diagnose',
    body: { from: { at: 1 }, to: T0 },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/from',
    says: /body\/from/,
  },
  {
    name: 'diagnose: missing to',
    method: 'POST',
    url: '/api/diagnose',
    body: { from: T0 },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/to',
    says: /to/,
  },
  {
    name: 'diagnose: unknown field',
    method: 'POST',
    url: '/api/diagnose',
    body: { ...window, model: 3 },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/model',
    says: /not a known field/,
  },
  {
    name: 'diagnose: seconds instead of ms',
    method: 'POST',
    url: '/api/diagnose',
    body: { from: T0 / 1000, to: T0 / 1000 + 60 },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/from',
    says: /seconds: multiply by 1000/,
  },
  {
    name: 'diagnose: from after to',
    method: 'POST',
    url: '/api/diagnose',
    body: { from: window.to, to: window.from },
    status: 400,
    code: 'CULPRIT_BAD_WINDOW',
    field: 'body/to',
    says: /must be before/,
  },
  {
    name: 'diagnose: a window of years',
    method: 'POST',
    url: '/api/diagnose',
    body: { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    status: 400,
    code: 'CULPRIT_WINDOW_TOO_LONG',
    field: 'body/from',
    says: /years.*limits.maxWindowSeconds/,
  },
  {
    name: 'diagnose: unknown model',
    method: 'POST',
    url: '/api/diagnose',
    body: { ...window, modelId: 999 },
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    field: 'body/modelId',
    says: /GET \/api\/models/,
  },
  {
    name: 'diagnose: Prometheus down',
    method: 'POST',
    url: '/api/diagnose',
    body: window,
    status: 502,
    code: 'CULPRIT_PROMETHEUS_UNAVAILABLE',
    says: /unreachable.*ECONNREFUSED/,
  },
  {
    name: 'diagnose: text body',
    method: 'POST',
    url: '/api/diagnose',
    raw: 'from=1',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'CULPRIT_UNSUPPORTED_MEDIA_TYPE',
    says: /application\/json/,
  },
  {
    name: 'diagnose: oversized body',
    method: 'POST',
    url: '/api/diagnose',
    body: { ...window, pad: 'x'.repeat(8000) },
    status: 413,
    code: 'CULPRIT_PAYLOAD_TOO_LARGE',
    says: /bodyLimitBytes/,
  },
  {
    name: 'timeline: from after to',
    method: 'GET',
    url: `/api/diagnoses/timeline?from=${window.to}&to=${window.from}`,
    status: 400,
    code: 'CULPRIT_BAD_WINDOW',
    field: 'query/to',
    says: /before/,
  },
  {
    name: 'timeline: too many points',
    method: 'GET',
    url: `/api/diagnoses/timeline?from=${T0}&to=${T0 + 86_400_000}&stepSeconds=60`,
    status: 400,
    code: 'CULPRIT_WINDOW_TOO_LONG',
    field: 'query/stepSeconds',
    says: /raise stepSeconds/,
  },
  {
    name: 'timeline: step not a number',
    method: 'GET',
    url: `/api/diagnoses/timeline?from=${T0}&to=${T0 + 60_000}&stepSeconds=abc`,
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'query/stepSeconds',
    says: /number/,
  },
  {
    name: 'timeline: Prometheus down',
    method: 'GET',
    url: `/api/diagnoses/timeline?from=${T0}&to=${T0 + 600_000}`,
    status: 502,
    code: 'CULPRIT_PROMETHEUS_UNAVAILABLE',
    says: /unreachable/,
  },
  {
    name: 'incidents: missing from',
    method: 'GET',
    url: `/api/diagnoses/incidents?to=${T0}`,
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'query/from',
    says: /from/,
  },
  {
    name: 'incidents: bad time',
    method: 'GET',
    url: `/api/diagnoses/incidents?from=yesterday&to=${T0}`,
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'query/from',
    says: /RFC 3339/,
  },
  {
    name: 'episodes: limit too large',
    method: 'GET',
    url: '/api/episodes?limit=5000',
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'query/limit',
    says: /1000/,
  },
  {
    name: 'episodes: bad source filter',
    method: 'GET',
    url: '/api/episodes?source=chaos',
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'query/source',
    says: /source/,
  },
  {
    name: 'episode: missing service',
    method: 'POST',
    url: '/api/episodes',
    body: { fault: 'cpu', start: T0, end: T0 + 1000 },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/service',
    says: /service/,
  },
  {
    name: 'episode: end before start',
    method: 'POST',
    url: '/api/episodes',
    body: { ...episode, end: T0 - 1000 },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/end',
    says: /after start/,
  },
  {
    name: 'episode: reserved fault',
    method: 'POST',
    url: '/api/episodes',
    body: { ...episode, fault: 'normal' },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/fault',
    says: /reserved/,
  },
  {
    name: 'episode: slash in service',
    method: 'POST',
    url: '/api/episodes',
    body: { ...episode, service: 'a/b' },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/service',
    says: /pattern/,
  },
  {
    name: 'episode: bad source',
    method: 'POST',
    url: '/api/episodes',
    body: { ...episode, source: 'guess' },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/source',
    says: /source/,
  },
  {
    name: 'episode: params not an object',
    method: 'POST',
    url: '/api/episodes',
    body: { ...episode, params: [1, 2] },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/params',
    says: /object/,
  },
  {
    name: 'episode: id not a number',
    method: 'GET',
    url: '/api/episodes/abc',
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'params/id',
    says: /integer/,
  },
  {
    name: 'episode: unknown id',
    method: 'GET',
    url: '/api/episodes/999',
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    field: 'params/id',
    says: /GET \/api\/episodes/,
  },
  {
    name: 'episode patch: unknown id',
    method: 'PATCH',
    url: '/api/episodes/999',
    body: { notes: 'x' },
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    field: 'params/id',
    says: /no episode/,
  },
  {
    name: 'episode patch: empty',
    method: 'PATCH',
    url: '/api/episodes/1',
    body: {},
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body',
    says: /fewer than 1/,
  },
  {
    name: 'episode patch: end before start',
    method: 'PATCH',
    url: '/api/episodes/1',
    body: { end: T0 - 5000 },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/end',
    says: /after start/,
  },
  {
    name: 'episode delete: unknown id',
    method: 'DELETE',
    url: '/api/episodes/999',
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    field: 'params/id',
    says: /no episode/,
  },
  {
    name: 'import: one bad episode rejects the batch',
    method: 'POST',
    url: '/api/episodes/import',
    body: { episodes: [episode, { ...episode, start: 'soon' }] },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/episodes/1/start',
    says: /epoch milliseconds/,
  },
  {
    name: 'import: end before start in the third',
    method: 'POST',
    url: '/api/episodes/import',
    body: { episodes: [episode, episode, { ...episode, end: T0 - 1 }] },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/episodes/2/end',
    says: /after start/,
  },
  {
    name: 'import: empty',
    method: 'POST',
    url: '/api/episodes/import',
    body: { episodes: [] },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/episodes',
    says: /fewer than 1/,
  },
  {
    name: 'train: unknown classifier',
    method: 'POST',
    url: '/api/models',
    body: { name: 'm', classifier: 'dtw-x' },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/classifier',
    says: /one of ed, dtw-d, dtw-i, minirocket/,
  },
  {
    name: 'train: bad setting',
    method: 'POST',
    url: '/api/models',
    body: { name: 'm', classifier: { classifier: 'dtw-d', k: 0 } },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/classifier',
    says: /k must be an integer/,
  },
  {
    name: 'train: missing name',
    method: 'POST',
    url: '/api/models',
    body: { classifier: 'ed' },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/name',
    says: /name/,
  },
  {
    name: 'activate: unknown model',
    method: 'POST',
    url: '/api/models/999/activate',
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    field: 'params/id',
    says: /GET \/api\/models/,
  },
  {
    name: 'evaluation: unknown model',
    method: 'GET',
    url: '/api/models/999/evaluation',
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    field: 'params/id',
    says: /no model/,
  },
  {
    name: 'evaluation: none stored',
    method: 'GET',
    url: '/api/models/1/evaluation',
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    field: 'params/id',
    says: /evaluate: false/,
  },
  {
    name: 'job: unknown id',
    method: 'GET',
    url: '/api/jobs/nope',
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    field: 'params/id',
    says: /no job/,
  },
  {
    name: 'feedback: confirm without service',
    method: 'POST',
    url: '/api/feedback',
    body: { ...window, verdict: 'confirm', fault: 'cpu' },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/service',
    says: /required when verdict is confirm/,
  },
  {
    name: 'feedback: bad verdict',
    method: 'POST',
    url: '/api/feedback',
    body: { ...window, verdict: 'maybe' },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/verdict',
    says: /verdict/,
  },
  {
    name: 'feedback: from after to',
    method: 'POST',
    url: '/api/feedback',
    body: { from: window.to, to: window.from, verdict: 'reject' },
    status: 400,
    code: 'CULPRIT_BAD_WINDOW',
    field: 'body/to',
    says: /before/,
  },
  {
    name: 'feedback: unknown model',
    method: 'POST',
    url: '/api/feedback',
    body: { ...window, verdict: 'reject', modelId: 999 },
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    field: 'body/modelId',
    says: /no model/,
  },
  {
    name: 'campaign: no plan',
    method: 'POST',
    url: '/api/campaigns',
    body: {},
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/plan',
    says: /plan/,
  },
  {
    name: 'campaign: plan not text',
    method: 'POST',
    url: '/api/campaigns',
    body: { plan: { services: ['cart'] } },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/plan',
    says: /string/,
  },
  {
    name: 'campaign: unknown field',
    method: 'POST',
    url: '/api/campaigns',
    body: { plan: campaignPlan, driver: 'pumba' },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/driver',
    says: /not a known field/,
  },
  {
    name: 'campaign: plan not YAML',
    method: 'POST',
    url: '/api/campaigns',
    body: { plan: 'services: [cart\nfaults: {' },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/plan',
    says: /not valid YAML/,
  },
  {
    name: 'campaign: unknown fault kind',
    method: 'POST',
    url: '/api/campaigns',
    body: { plan: campaignPlan.replace('kind: cpu', 'kind: explode') },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/plan',
    says: /faults\[0\]\.kind: must be one of cpu, memory, delay, loss, pause, kill/,
  },
  {
    name: 'campaign: plan without faultSeconds',
    method: 'POST',
    url: '/api/campaigns',
    body: { plan: campaignPlan.replace('faultSeconds: 5\n', '') },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/plan',
    says: /faultSeconds: is required/,
  },
  {
    name: 'campaign: service not in the config',
    method: 'POST',
    url: '/api/campaigns',
    body: { plan: campaignPlan.replace('[cart]', '[cart, basket]') },
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'body/plan',
    says: /services\[1\]: "basket" is not one of the services in culprit.yaml \(cart, orders\)/,
  },
  {
    name: 'campaign: lab not running',
    method: 'POST',
    url: '/api/campaigns',
    body: { plan: campaignPlan },
    status: 502,
    code: 'CULPRIT_DRIVER_UNAVAILABLE',
    says: /nothing was started.*lab supervisor at .* did not answer.*npm run lab/,
  },
  {
    name: 'campaign: unknown id',
    method: 'GET',
    url: '/api/campaigns/999',
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    field: 'params/id',
    says: /GET \/api\/campaigns/,
  },
  {
    name: 'campaign stop: unknown id',
    method: 'POST',
    url: '/api/campaigns/999/stop',
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    field: 'params/id',
    says: /no campaign with id 999/,
  },
  {
    name: 'campaign: id not a number',
    method: 'POST',
    url: '/api/campaigns/first/stop',
    status: 400,
    code: 'CULPRIT_VALIDATION',
    field: 'params/id',
    says: /integer/,
  },
  {
    name: 'unknown route',
    method: 'GET',
    url: '/api/nothing',
    status: 404,
    code: 'CULPRIT_NOT_FOUND',
    says: /openapi/,
  },
];

/** Every route that needs a token, with a body that would otherwise be acceptable. */
const protectedRoutes: Array<{ method: BadCase['method']; url: string; body?: unknown }> = [
  { method: 'POST', url: '/api/diagnose', body: window },
  { method: 'GET', url: '/api/openapi.json' },
  { method: 'GET', url: `/api/diagnoses/timeline?from=${T0}&to=${T0 + 600_000}` },
  { method: 'GET', url: `/api/diagnoses/incidents?from=${T0}&to=${T0 + 600_000}` },
  { method: 'GET', url: '/api/episodes' },
  { method: 'POST', url: '/api/episodes', body: episode },
  { method: 'GET', url: '/api/episodes/1' },
  { method: 'PATCH', url: '/api/episodes/1', body: { notes: 'x' } },
  { method: 'DELETE', url: '/api/episodes/1' },
  { method: 'POST', url: '/api/episodes/import', body: { episodes: [episode] } },
  { method: 'POST', url: '/api/models', body: { name: 'm', classifier: 'ed' } },
  { method: 'GET', url: '/api/models' },
  { method: 'POST', url: '/api/models/1/activate' },
  { method: 'GET', url: '/api/models/1/evaluation' },
  { method: 'GET', url: '/api/jobs/x' },
  { method: 'POST', url: '/api/feedback', body: { ...window, verdict: 'reject' } },
  { method: 'GET', url: '/api/campaigns' },
  { method: 'POST', url: '/api/campaigns', body: { plan: campaignPlan } },
  { method: 'GET', url: '/api/campaigns/1' },
  { method: 'POST', url: '/api/campaigns/1/stop' },
];

async function send(request: {
  method: BadCase['method'];
  url: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}) {
  return backend.app.inject({
    method: request.method,
    url: request.url,
    headers: { 'content-type': 'application/json', ...request.headers },
    payload: request.raw ?? (request.body === undefined ? undefined : JSON.stringify(request.body)),
  });
}

describe('bad input', () => {
  it.each(cases)('$name → $status $code', async (bad) => {
    const before = storeSnapshot();
    const response = await send({ ...bad, headers: { ...auth, ...bad.headers } });
    const body = response.json();
    expect({ status: response.statusCode, code: body.code }).toEqual({ status: bad.status, code: bad.code });
    expect(body.statusCode).toBe(bad.status);
    expect(body.message).toMatch(bad.says);
    if (bad.field) {
      expect(body.field).toBe(bad.field);
    }
    expect(response.body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    expect(storeSnapshot()).toBe(before);
  });

  it.each(protectedRoutes)(
    '$method $url without a token → 401, with a wrong token → 401, store unchanged',
    async (route) => {
      const before = storeSnapshot();
      const attempts: Array<Record<string, string>> = [
        {},
        { authorization: 'Bearer wrong-token-0123456789' },
        { authorization: TOKEN },
      ];
      for (const headers of attempts) {
        const response = await send({ ...route, headers });
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({
          code: 'CULPRIT_UNAUTHORIZED',
          message: expect.stringMatching(/api\.tokens/),
        });
      }
      expect(storeSnapshot()).toBe(before);
    }
  );

  it('serves health and metrics without a token, the OpenAPI document with one; health reports Prometheus down', async () => {
    const health = (await send({ method: 'GET', url: '/api/health' })).json();
    expect(health).toMatchObject({
      status: 'degraded',
      model: { id: modelId, name: 'synthetic' },
      prometheus: { reachable: false },
    });
    expect(health.prometheus.error).toMatch(/unreachable/);
    expect((await send({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(401);
    const openApi = (await send({ method: 'GET', url: '/api/openapi.json', headers: auth })).json();
    expect(Object.keys(openApi.paths)).toEqual(
      expect.arrayContaining([
        '/api/diagnose',
        '/api/episodes/{id}',
        '/api/models/{id}/activate',
        '/api/jobs/{id}',
        '/api/feedback',
        '/api/campaigns',
        '/api/campaigns/{id}/stop',
        '/metrics',
      ])
    );
    // Every route declares its answers, and its inputs where it has any.
    for (const [url, operations] of Object.entries(
      openApi.paths as Record<string, Record<string, { responses: object; parameters: unknown[] }>>
    )) {
      for (const operation of Object.values(operations)) {
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
        if (url.includes('{id}')) {
          expect(operation.parameters).toEqual(
            expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path' })])
          );
        }
      }
    }
    expect((await send({ method: 'GET', url: '/metrics' })).body).toContain(
      'culprit_http_request_duration_seconds_bucket'
    );
  });

  it('accepts good input on the same routes (the checks above are not blanket refusals)', async () => {
    const created = await send({
      method: 'POST',
      url: '/api/episodes',
      headers: auth,
      body: { ...episode, start: '2026-11-24T03:00:00Z', notes: 'ok' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(
      (await send({ method: 'PATCH', url: `/api/episodes/${id}`, headers: auth, body: { notes: 'changed' } })).json()
        .notes
    ).toBe('changed');
    const feedback = await send({
      method: 'POST',
      url: '/api/feedback',
      headers: auth,
      body: { ...window, verdict: 'confirm', service: 'cart', fault: 'cpu', modelId },
    });
    expect(feedback.statusCode).toBe(201);
    const episodeId = feedback.json().episodeId;
    expect((await send({ method: 'GET', url: `/api/episodes/${episodeId}`, headers: auth })).json()).toMatchObject({
      source: 'annotation',
      service: 'cart',
    });
    expect((await send({ method: 'DELETE', url: `/api/episodes/${id}`, headers: auth })).statusCode).toBe(204);
    expect(
      (await send({ method: 'POST', url: `/api/models/${modelId}/activate`, headers: auth })).json()
    ).toMatchObject({ id: modelId, active: true });
  });

  it('answers 501 on every campaign route, saying what to add, when culprit.yaml has no campaigns section', async () => {
    const unconfigured = createBackend(
      parseConfig(
        {
          prometheus: { url: 'http://127.0.0.1:9', timeoutMs: 1000, retries: 0 },
          services: ['cart'],
          catalogue: 'catalogue-lab.yaml',
          store: { path: path.join(dir, 'unconfigured.sqlite') },
          api: { tokens: [TOKEN] },
          workers: { threads: 0 },
        },
        path.join(dir, 'unconfigured.yaml')
      ),
      { version: 'test' }
    );
    try {
      for (const route of protectedRoutes.filter((r) => r.url.startsWith('/api/campaigns'))) {
        const response = await unconfigured.app.inject({
          method: route.method,
          url: route.url,
          headers: { ...auth, 'content-type': 'application/json' },
          payload: route.body === undefined ? undefined : JSON.stringify(route.body),
        });
        expect(response.statusCode).toBe(501);
        expect(response.json()).toMatchObject({
          code: 'CULPRIT_CAMPAIGNS_NOT_CONFIGURED',
          message: expect.stringMatching(/campaigns are not configured: add `campaigns:` to culprit.yaml/),
        });
      }
      expect(unconfigured.store.campaigns.list()).toEqual([]);
    } finally {
      await unconfigured.close();
    }
  });

  it('refuses to start a campaign with the pumba driver when pumba cannot run, and stores nothing', async () => {
    const pumba = createBackend(
      parseConfig(
        {
          prometheus: { url: 'http://127.0.0.1:9', timeoutMs: 1000, retries: 0 },
          services: ['cart'],
          catalogue: 'catalogue-lab.yaml',
          store: { path: path.join(dir, 'pumba.sqlite') },
          api: { tokens: [TOKEN] },
          workers: { threads: 0 },
          campaigns: { driver: 'pumba', pumbaPath: path.join(dir, 'no-such-pumba') },
        },
        path.join(dir, 'pumba.yaml')
      ),
      { version: 'test' }
    );
    try {
      const response = await pumba.app.inject({
        method: 'POST',
        url: '/api/campaigns',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ plan: campaignPlan }),
      });
      expect(response.statusCode).toBe(502);
      expect(response.json()).toMatchObject({
        code: 'CULPRIT_DRIVER_UNAVAILABLE',
        message: expect.stringMatching(/pumba fault driver is not ready, so nothing was started: pumba did not run/),
      });
      expect(pumba.store.campaigns.list()).toEqual([]);
    } finally {
      await pumba.close();
    }
  });
});
