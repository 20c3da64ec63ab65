import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expandTemplate } from './config';
import { loadConfig, parseConfig } from './loadConfig';

const minimal = {
  prometheus: { url: 'http://127.0.0.1:9090' },
  services: ['cart', 'orders'],
  catalogue: 'catalogue-lab.yaml',
};

describe('parseConfig', () => {
  it('fills defaults and reads the shipped lab catalogue', () => {
    const config = parseConfig(minimal, '/etc/culprit/culprit.yaml', {});
    expect(config).toMatchObject({
      stepSeconds: 15,
      windowSeconds: 600,
      baselineSeconds: 600,
      listen: { host: '127.0.0.1', port: 8417 },
      store: { path: '/etc/culprit/culprit.sqlite' },
      services: { kind: 'list', names: ['cart', 'orders'] },
      catalogue: { name: 'lab' },
    });
    expect(config.catalogue.features.map((feature) => feature.metric)).toEqual([
      'cpu',
      'memory',
      'eventLoopLag',
      'requestRate',
      'errorRatio',
      'latencyP50',
      'latencyP99',
    ]);
  });

  it('reads the shipped cAdvisor catalogue and a discovery rule', () => {
    const config = parseConfig(
      { ...minimal, catalogue: 'catalogue-cadvisor.yaml', services: { discover: { label: 'service', regex: 'c.*' } } },
      undefined,
      {}
    );
    expect(config.services).toEqual({ kind: 'discover', label: 'service', regex: 'c.*', match: '{service!=""}' });
    expect(config.catalogue.features.map((feature) => feature.metric)).toContain('netRx');
  });

  it('reads a campaigns section for each driver, the journal beside the store by default', () => {
    expect(
      parseConfig(
        { ...minimal, campaigns: { driver: 'local', labUrl: 'http://127.0.0.1:7190/' } },
        '/srv/culprit.yaml',
        {}
      ).campaigns
    ).toEqual({
      driver: 'local',
      labUrl: 'http://127.0.0.1:7190',
      journalPath: '/srv/culprit.sqlite.campaign-journal.json',
    });
    expect(
      parseConfig(
        { ...minimal, campaigns: { driver: 'pumba', dockerSocket: '/run/docker.sock', journal: 'j.json' } },
        '/srv/culprit.yaml',
        {}
      ).campaigns
    ).toEqual({ driver: 'pumba', pumbaPath: 'pumba', dockerSocket: '/run/docker.sock', journalPath: '/srv/j.json' });
    expect(parseConfig(minimal, undefined, {}).campaigns).toBeUndefined();
  });

  it.each([
    [{ driver: 'chaos' }, /^campaigns\.driver: must be local .* or pumba/],
    [{ driver: 'local' }, /^campaigns\.labUrl: is required with driver: local/],
    [{ driver: 'local', labUrl: 'lab:7190' }, /^campaigns\.labUrl: must be an http\(s\) URL/],
    [
      { driver: 'pumba', labUrl: 'http://127.0.0.1:7190' },
      /^campaigns\.labUrl: is not used by driver: pumba; remove it/,
    ],
    [{ driver: 'local', labUrl: 'http://l:1', grafana: { token: 'x' } }, /^campaigns\.grafana\.url: is required/],
    [{ driver: 'local', labUrl: 'http://l:1', speed: 2 }, /^campaigns\.speed: unknown key/],
  ])('refuses the campaigns section %j', (campaigns, message) => {
    expect(() => parseConfig({ ...minimal, campaigns }, undefined, {})).toThrow(message);
  });

  it('adds the token from CULPRIT_API_TOKEN', () => {
    expect(parseConfig(minimal, undefined, { CULPRIT_API_TOKEN: 'from-the-environment-123' }).api.tokens).toEqual([
      'from-the-environment-123',
    ]);
  });

  it.each([
    [{ ...minimal, prometheus: undefined }, /^prometheus: is required/],
    [{ ...minimal, prometheus: { url: 'localhost:9090' } }, /^prometheus\.url: must use http or https/],
    [{ ...minimal, prometheus: { url: 'not a url' } }, /^prometheus\.url: must be an http\(s\) URL/],
    [
      { ...minimal, prometheus: { url: 'http://p:9090', timeoutMs: 'soon' } },
      /^prometheus\.timeoutMs: must be a number, got string "soon"/,
    ],
    [
      { ...minimal, prometheus: { url: 'http://p:9090', auth: { bearerToken: 'a', username: 'b' } } },
      /^prometheus\.auth: give either bearerToken or username/,
    ],
    [{ ...minimal, services: [] }, /^services: lists no service/],
    [{ ...minimal, services: ['cart', 'cart'] }, /^services\[1\]: "cart" is listed twice/],
    [
      { ...minimal, services: { discover: { label: '1x' } } },
      /^services\.discover\.label: must be a Prometheus label name/,
    ],
    [
      { ...minimal, services: { discover: { label: 'service', regex: '(' } } },
      /^services\.discover\.regex: is not a valid regular expression/,
    ],
    [{ ...minimal, catalogue: 'nope.yaml' }, /^catalogue: no catalogue file "nope.yaml"/],
    [
      { ...minimal, catalogue: { features: [{ metric: 'cpu', query: 'up' }] } },
      /^catalogue\.features\[0\]\.query: must contain \$service/,
    ],
    [
      { ...minimal, catalogue: { features: [{ metric: 'c-pu', query: 'x{s="$service"}' }] } },
      /^catalogue\.features\[0\]\.metric: must be letters and digits/,
    ],
    [{ ...minimal, stepSeconds: 15, windowSeconds: 20 }, /^windowSeconds: must be between 30 and/],
    [{ ...minimal, api: { tokens: ['short'] } }, /^api\.tokens\[0\]: a token must have at least 16 characters/],
    [{ ...minimal, listen: { port: 70000 } }, /^listen\.port: must be between 0 and 65535/],
    [{ ...minimal, limits: { maxMissingFraction: 2 } }, /^limits\.maxMissingFraction: must be between 0 and 1/],
    [{ ...minimal, stepSecond: 15 }, /^stepSecond: unknown key; allowed here: prometheus, services/],
  ])('refuses %j naming the key', (document, message) => {
    expect(() => parseConfig(document, undefined, {})).toThrow(message);
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the flag first, then CULPRIT_CONFIG, and names the file in errors', () => {
    const file = path.join(dir, 'a.yaml');
    writeFileSync(
      file,
      'prometheus: { url: http://127.0.0.1:9090 }\nservices: [cart]\ncatalogue: catalogue-lab.yaml\nstepSeconds: 5\n'
    );
    expect(loadConfig(file, {}).stepSeconds).toBe(5);
    expect(loadConfig(undefined, { CULPRIT_CONFIG: file }).file).toBe(file);
    writeFileSync(file, 'prometheus: [\n');
    expect(() => loadConfig(file, {})).toThrow(new RegExp(`^${file}: \\(top level\\): is not valid YAML`));
    expect(() => loadConfig(path.join(dir, 'missing.yaml'), {})).toThrow(
      /no such file.*--config FILE or set CULPRIT_CONFIG/
    );
  });

  it('parses the shipped example config', () => {
    const config = loadConfig(path.resolve(__dirname, '../../config/culprit.example.yaml'), {});
    expect(config.services).toEqual({ kind: 'list', names: ['frontend', 'catalog', 'cart', 'orders', 'payment'] });
  });
});

describe('expandTemplate', () => {
  it('fills the service and a rate interval of four steps', () => {
    expect(expandTemplate('rate(x{service="$service"}[$rateInterval])', 'cart', 15)).toBe(
      'rate(x{service="cart"}[60s])'
    );
  });
});
