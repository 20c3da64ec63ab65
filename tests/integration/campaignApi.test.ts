/**
 * The campaign HTTP API end to end: the real backend (`culprit serve`, compiled) with the local driver, against a
 * real lab supervisor running a real shop service. A tiny plan is started over HTTP with the token, its progress
 * polled, and it is stopped mid-episode: the fault (really in place before, so the test can fail) is reverted and the
 * episodes are in the store the API serves. Then the backend is SIGKILLed while a fault is active: the next start
 * marks that campaign failed, reverts the fault from the journal, and still lists the earlier campaign. SIGTERM instead
 * reverts the fault before the process exits and leaves the campaign `stopped`.
 * Needs root (cgroup v1); builds nothing itself: `npm test` builds backend/dist and demo/dist first.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCampaignPlan } from '../../backend/src/campaign/campaignPlan';
import { EXAMPLE_PLAN } from '../../src/pages/campaigns/examplePlan';
import { startCulpritServe, type CulpritServe } from '../alerting/support/startCulpritServe';
import { freePort } from '../support/freePort';
import { pollUntil } from '../support/spawnServer';
import { startShopLab, type ShopLab } from '../support/startShopLab';

const REPO = path.resolve(__dirname, '..', '..');
const TARGET = 'inventory';

jest.setTimeout(90_000);

interface CampaignAnswer {
  id: number;
  plan: string;
  state: string;
  total: number;
  completed: number;
  current: { service: string; fault: string; start: number; end: number } | null;
  episodeIds: number[];
  message: string;
}

const plan = (name: string, faults: string, faultSeconds: number) =>
  `name: ${name}\nseed: 3\nservices: [${TARGET}]\nfaults: ${faults}\nfaultSeconds: ${faultSeconds}\n` +
  'gapSeconds: 1\nverify: false\n';

describe('campaign API with the local driver against a real lab', () => {
  let lab: ShopLab;
  let serve: CulpritServe;
  let directory: string;
  let config: Record<string, unknown>;

  const startServe = async () =>
    startCulpritServe({ config, configFile: path.join(directory, 'culprit.yaml'), port: await freePort() });

  beforeAll(async () => {
    for (const built of ['backend/dist/cli/main.js', 'demo/dist/main.js']) {
      if (!existsSync(path.join(REPO, built))) {
        throw new Error(`${built} is missing: run \`npm run build:backend && npm run build:demo\` (npm test does it)`);
      }
    }
    directory = mkdtempSync(path.join(os.tmpdir(), 'culprit-campaign-api-'));
    lab = await startShopLab([TARGET]);
    config = {
      // Nothing is verified (the plans say verify: false), so no Prometheus needs to run.
      prometheus: { url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 1000, retries: 0 },
      services: [TARGET, 'catalog'],
      catalogue: 'catalogue-lab.yaml',
      store: { path: path.join(directory, 'culprit.sqlite') },
      workers: { threads: 0 },
      campaigns: { driver: 'local', labUrl: lab.controlUrl },
    };
    serve = await startServe();
  });

  afterAll(async () => {
    await serve?.stop();
    await lab?.stop();
    if (directory) {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  const campaign = (id: number) => serve.api<CampaignAnswer>('GET', `/api/campaigns/${id}`);
  const waitFor = async (what: string, check: () => Promise<boolean>) => {
    if (!(await pollUntil(check, 30_000, () => serve.process.exitCode !== null, 200))) {
      throw new Error(`timed out waiting for ${what}; backend output:\n${serve.output().slice(-2000)}`);
    }
  };
  const status = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${serve.url}${route}`, {
      method,
      headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { code?: string; message?: string } };
  };

  it('starts a plan over HTTP, reports progress, stops mid-episode with the fault reverted and the episodes stored', async () => {
    const started = await serve.api<CampaignAnswer>('POST', '/api/campaigns', {
      plan: plan('api-stop', '[{kind: pause}, {kind: delay, timeMs: 300, jitterMs: 0}]', 4),
    });
    expect(started).toMatchObject({ plan: 'api-stop', state: 'running', total: 2, completed: 0 });

    // One campaign at a time.
    const second = await status('POST', '/api/campaigns', { plan: plan('second', '[{kind: cpu}]', 2) });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'CULPRIT_CONFLICT' });
    expect(second.body.message).toMatch(new RegExp(`campaign ${started.id} .* is running.*/stop`));

    // Progress: the first episode finishes, the second is under way and its fault is really in place.
    let now: CampaignAnswer = started;
    await waitFor('the second episode', async () => {
      now = await campaign(started.id);
      return now.completed === 1 && now.current !== null;
    });
    expect(now.episodeIds).toHaveLength(1);
    const fault = now.current!.fault;
    expect(['pause', 'delay']).toContain(fault);
    const inPlace = () =>
      fault === 'pause' ? lab.frozen(TARGET) : Promise.resolve(lab.service(TARGET).proxyFault.kind === 'delay');
    await waitFor(`${fault} in place`, inPlace);
    // The ground truth is exported on the backend's own /metrics while the fault is active.
    const activeSeries = `culprit_fault_active{service="${TARGET}",fault="${fault}"}`;
    await waitFor(`${activeSeries} 1`, async () =>
      (await (await fetch(`${serve.url}/metrics`)).text()).includes(`${activeSeries} 1`)
    );

    const stopped = await serve.api<CampaignAnswer>('POST', `/api/campaigns/${started.id}/stop`);
    expect(stopped).toMatchObject({ state: 'stopped', completed: 2, current: null });
    expect(stopped.message).toMatch(/stopped after 2 of 2 episodes; every fault was reverted/);
    await expect(inPlace()).resolves.toBe(false);
    await expect(lab.frozen(TARGET)).resolves.toBe(false);
    expect(lab.service(TARGET).proxyFault.kind).toBe('none');
    expect(await (await fetch(`${serve.url}/metrics`)).text()).toContain(`${activeSeries} 0`);

    const { episodes } = await serve.api<{ episodes: Array<{ id: number; fault: string; params: object }> }>(
      'GET',
      '/api/episodes?source=campaign'
    );
    expect(episodes.map((episode) => episode.id).sort()).toEqual([...stopped.episodeIds].sort());
    expect(episodes.map((episode) => episode.fault).sort()).toEqual(['delay', 'pause']);
    for (const episode of episodes) {
      expect(episode.params).toMatchObject({ campaign: 'api-stop', driver: 'local' });
    }
    const again = await status('POST', `/api/campaigns/${started.id}/stop`);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/is not running \(it stopped\)/);
  });

  it('marks a campaign failed and reverts its fault when the backend was killed mid-episode', async () => {
    const started = await serve.api<CampaignAnswer>('POST', '/api/campaigns', {
      plan: plan('api-crash', '[{kind: pause}]', 60),
    });
    await waitFor('the pause in place', () => lab.frozen(TARGET));
    serve.process.kill('SIGKILL');
    await new Promise((resolve) =>
      serve.process.exitCode !== null ? resolve(null) : serve.process.once('exit', resolve)
    );
    // Nothing reverted it: the fault outlives the process, so the recovery below is what thaws it.
    await expect(lab.frozen(TARGET)).resolves.toBe(true);

    serve = await startServe();
    const { campaigns } = await serve.api<{ campaigns: CampaignAnswer[] }>('GET', '/api/campaigns');
    expect(campaigns.map((one) => [one.plan, one.state])).toEqual([
      ['api-crash', 'failed'],
      ['api-stop', 'stopped'],
    ]);
    expect(campaigns[0].id).toBe(started.id);
    expect(campaigns[0].message).toMatch(/backend stopped while this campaign ran.*1 fault\(s\).*reverted/);
    await expect(lab.frozen(TARGET)).resolves.toBe(false);
  });

  it('starts exactly one of two campaigns sent at the same moment', async () => {
    const answers = await Promise.all(
      ['race-a', 'race-b'].map((name) => status('POST', '/api/campaigns', { plan: plan(name, '[{kind: pause}]', 60) }))
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const winner = answers.find((answer) => answer.status === 201)!.body as unknown as CampaignAnswer;
    expect(answers.find((answer) => answer.status === 409)!.body.message).toMatch(/one campaign runs at a time/);
    await waitFor('the pause in place', () => lab.frozen(TARGET));
    expect(await serve.api<CampaignAnswer>('POST', `/api/campaigns/${winner.id}/stop`)).toMatchObject({
      state: 'stopped',
    });
    await expect(lab.frozen(TARGET)).resolves.toBe(false);
  });

  it('reverts the fault and ends the campaign as stopped when the backend gets SIGTERM', async () => {
    const started = await serve.api<CampaignAnswer>('POST', '/api/campaigns', {
      plan: plan('api-sigterm', '[{kind: pause}]', 60),
    });
    await waitFor('the pause in place', () => lab.frozen(TARGET));
    await serve.stop();
    expect(serve.process.signalCode ?? serve.process.exitCode).not.toBe('SIGKILL');
    await expect(lab.frozen(TARGET)).resolves.toBe(false);

    serve = await startServe();
    expect(await campaign(started.id)).toMatchObject({ state: 'stopped', current: null, completed: 1 });
  });

  it("accepts the Campaigns page's example plan (the backend's own parser)", () => {
    expect(parseCampaignPlan(EXAMPLE_PLAN, 'example')).toMatchObject({ name: 'shop-cpu-delay', repetitions: 2 });
  });
});
