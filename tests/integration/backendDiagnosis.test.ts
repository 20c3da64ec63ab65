/**
 * End to end against real servers: a real Prometheus (the Debian binary) scrapes an exporter whose services change
 * shape on cue; episodes are recorded through the API, a DTW model is trained from Prometheus data, and a new fault
 * window is diagnosed. Needs `npm run build:backend` (the diagnosis worker thread runs compiled code).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchFeatureGrid } from '../../backend/src/instances/featureGrid';
import type { Backend } from '../../backend/src/service/createBackend';
import { sleep, startShapeBackend, type ShapeBackend } from '../support/shapeBackend';

const TOKEN = 'integration-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const SERVICES = ['alpha', 'beta', 'gamma'];
const FAULT_SECONDS = 5;
const QUIET_SECONDS = 7;

describe('diagnosis against a real Prometheus', () => {
  let lab: ShapeBackend;
  let backend: Backend;
  let dir: string;
  const episodes: Array<{ service: string; start: number; end: number }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-backend-'));
    lab = await startShapeBackend({
      services: SERVICES,
      faultSeconds: FAULT_SECONDS,
      dir,
      token: TOKEN,
      version: 'test',
    });
    backend = lab.backend;
    // A quiet start gives the first fault a baseline and the rate() windows time to fill.
    await sleep(6);
    for (const service of SERVICES) {
      episodes.push({ service, ...(await lab.cpuFault(service)) });
      await sleep(QUIET_SECONDS);
    }
    // More quiet time after the last episode, where the trainer samples a normal window (it needs the settling time
    // of one window, then baseline + window: 15 s after the fault; 17 s leaves a margin).
    await sleep(10);
  }, 120_000);

  afterAll(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records episodes, trains a DTW model from Prometheus data, and names the service whose metrics changed', async () => {
    for (const episode of episodes) {
      const created = await backend.app.inject({
        method: 'POST',
        url: '/api/episodes',
        headers: auth,
        payload: {
          service: episode.service,
          fault: 'cpu',
          start: episode.start,
          end: new Date(episode.end).toISOString(),
          source: 'campaign',
        },
      });
      expect(created.statusCode).toBe(201);
    }

    const accepted = await backend.app.inject({
      method: 'POST',
      url: '/api/models',
      headers: auth,
      payload: { name: 'integration', classifier: { classifier: 'dtw-d', k: 1 }, normalPerEpisode: 0.34 },
    });
    expect(accepted.statusCode).toBe(202);
    const { jobId } = accepted.json() as { jobId: string };
    await backend.jobs.idle();
    const job = (await backend.app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: auth })).json();
    expect(job).toMatchObject({ state: 'succeeded', progress: 1 });
    const models = (await backend.app.inject({ method: 'GET', url: '/api/models', headers: auth })).json();
    expect(models.models[0]).toMatchObject({
      active: true,
      classifier: 'dtw-d',
      classes: ['alpha/cpu', 'beta/cpu', 'gamma/cpu', 'normal'],
    });
    expect(models.models[0].features).toBe(SERVICES.length * 7);

    // A new fault on beta, never seen in this window before.
    const fault = await lab.cpuFault('beta');
    const answer = await backend.app.inject({
      method: 'POST',
      url: '/api/diagnose',
      headers: auth,
      payload: { from: fault.start, to: fault.end },
    });
    expect(answer.statusCode).toBe(200);
    const diagnosis = answer.json();
    expect(diagnosis.culprit).toMatchObject({ service: 'beta', fault: 'cpu' });
    expect(diagnosis.services[0].service).toBe('beta');
    expect(diagnosis.neighbours[0]).toMatchObject({ service: 'beta', fault: 'cpu', episodeId: expect.any(Number) });
    expect(diagnosis.topFeatures[0].service).toBe('beta');
    expect(diagnosis.quality.servicesWithoutData).toEqual([]);
    expect(diagnosis.quality.missingFraction).toBeLessThan(0.5);
    expect(diagnosis.timings.totalMs).toBeGreaterThan(0);
    expect(diagnosis.located).toBeNull();

    // A selection almost three times the model's window, quiet before the fault: the stretch that moved most is
    // classified, and it is the fault.
    const wide = await backend.app.inject({
      method: 'POST',
      url: '/api/diagnose',
      headers: auth,
      payload: { from: fault.start - 9000, to: fault.end },
    });
    expect(wide.statusCode).toBe(200);
    const located = wide.json();
    expect(located.culprit).toMatchObject({ service: 'beta', fault: 'cpu' });
    expect(located.located.from).toBeGreaterThanOrEqual(fault.start - 2000);
    expect(located.located.to).toBeLessThanOrEqual(fault.end + 1000);
    expect(located.located.to - located.located.from).toBe(FAULT_SECONDS * 1000);

    // The quiet window before the first episode: no fault service is named.
    const quiet = await backend.app.inject({
      method: 'POST',
      url: '/api/diagnose',
      headers: auth,
      payload: { from: episodes[0].start - 6000, to: episodes[0].start - 1000 },
    });
    expect(quiet.statusCode).toBe(200);
    expect(quiet.json().culprit).toBeNull();

    // The timeline over the last seconds ends with beta as the top-scored service.
    const now = Date.now();
    const timeline = await backend.app.inject({
      method: 'GET',
      url: `/api/diagnoses/timeline?from=${fault.end - 10_000}&to=${fault.end}&stepSeconds=5`,
      headers: auth,
    });
    expect(timeline.statusCode).toBe(200);
    const body = timeline.json();
    expect(body.times).toHaveLength(3);
    const last = body.times.length - 1;
    const beta = body.series.find((entry: { service: string }) => entry.service === 'beta');
    for (const entry of body.series) {
      expect(beta.scores[last]).toBeGreaterThanOrEqual(entry.scores[last]);
    }
    expect(now).toBeGreaterThan(fault.end);

    // Hot swap: a second model (Euclidean) is trained without activating it, then activated while diagnoses run.
    const second = await backend.app.inject({
      method: 'POST',
      url: '/api/models',
      headers: auth,
      payload: { name: 'integration-ed', classifier: 'ed', normalPerEpisode: 0.34, activate: false, evaluate: false },
    });
    expect(second.statusCode).toBe(202);
    await backend.jobs.idle();
    const secondId = (
      await backend.app.inject({ method: 'GET', url: `/api/jobs/${second.json().jobId}`, headers: auth })
    ).json().result.modelId;
    const firstId = diagnosis.model.id;
    const inFlight = Array.from({ length: 8 }, () =>
      backend.app.inject({
        method: 'POST',
        url: '/api/diagnose',
        headers: auth,
        payload: { from: fault.start, to: fault.end },
      })
    );
    const activated = await backend.app.inject({
      method: 'POST',
      url: `/api/models/${secondId}/activate`,
      headers: auth,
    });
    expect(activated.json()).toMatchObject({ id: secondId, active: true });
    for (const response of await Promise.all(inFlight)) {
      expect(response.statusCode).toBe(200);
      expect([firstId, secondId]).toContain(response.json().model.id);
      expect(response.json().culprit?.service).toBe('beta');
    }
    const afterSwap = (
      await backend.app.inject({
        method: 'POST',
        url: '/api/diagnose',
        headers: auth,
        payload: { from: fault.start, to: fault.end },
      })
    ).json();
    expect(afterSwap.model).toMatchObject({ id: secondId, classifier: 'ed' });

    const metrics = await backend.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('culprit_diagnose_duration_seconds_count{outcome="ok"}');
    expect(metrics.body).toMatch(/culprit_model_info\{id="\d+",name="integration-ed",classifier="ed"\} 1/);
  }, 60_000);

  it('fetches ranges longer than Prometheus allows in one query (11 000 points) in chunks', async () => {
    const to = Date.now();
    const grid = await fetchFeatureGrid(
      backend.prometheus,
      { services: ['alpha'], catalogue: backend.config.catalogue, stepSeconds: 1, queryConcurrency: 4 },
      to - 12_000_000,
      to
    );
    expect(grid.length).toBeGreaterThan(12_000);
    expect(grid.servicesWithoutData).toEqual([]);
    // The test's own minute of data sits at the end of the grid, in the second chunk.
    const cpu = 0;
    const last = (grid.length - 3) * grid.features.length + cpu;
    expect(Number.isFinite(grid.values[last])).toBe(true);
  }, 30_000);
});
