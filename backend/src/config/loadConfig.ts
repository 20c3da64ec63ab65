import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CampaignsConfig, CulpritConfig, FeatureCatalogue, PrometheusConfig, ServicesConfig } from './config';
import { ConfigError } from './configError';
import { ConfigReader } from './configReader';

/** The environment variable that names the config file when no `--config` flag is given. */
export const CONFIG_ENV = 'CULPRIT_CONFIG';
/** An extra API token from the environment, so a compose file need not write secrets into YAML. */
export const TOKEN_ENV = 'CULPRIT_API_TOKEN';

const SHIPPED_CONFIG_DIR = path.resolve(__dirname, '..', '..', 'config');
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Finds, reads and validates the config once at boot: the `--config` path, else `$CULPRIT_CONFIG`, else
 * `./culprit.yaml`. Throws {@link ConfigError} naming the file and the bad key path.
 */
export function loadConfig(flagPath?: string, env: NodeJS.ProcessEnv = process.env): CulpritConfig {
  const file = path.resolve(flagPath ?? env[CONFIG_ENV] ?? 'culprit.yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(
      '',
      `cannot read the config (${reason}); pass --config FILE or set ${CONFIG_ENV} (an example: backend/config/culprit.example.yaml)`,
      file
    );
  }
  return parseConfig(parseYamlOrFail(text, file), file, env);
}

/** Validates an already-parsed config document; relative paths resolve against `file`'s folder. */
export function parseConfig(document: unknown, file?: string, env: NodeJS.ProcessEnv = process.env): CulpritConfig {
  const root = new ConfigReader(document, '', file).object([
    'prometheus',
    'services',
    'catalogue',
    'stepSeconds',
    'windowSeconds',
    'baselineSeconds',
    'store',
    'api',
    'listen',
    'limits',
    'workers',
    'campaigns',
  ]);
  const baseDir = file ? path.dirname(file) : process.cwd();

  const stepSeconds = root.child('stepSeconds').number(15, 1, 3600);
  const windowSeconds = root.child('windowSeconds').number(600, 2 * stepSeconds, 7 * 86400);
  const baselineSeconds = root.child('baselineSeconds').number(windowSeconds, 2 * stepSeconds, 7 * 86400);

  const store = root.child('store');
  const storePath = store.isMissing()
    ? 'culprit.sqlite'
    : store.object(['path']).child('path').string('culprit.sqlite');

  const api = root.child('api');
  if (!api.isMissing()) {
    api.object(['tokens', 'bodyLimitBytes']);
  }
  const tokens = api.child('tokens').isMissing() ? [] : api.child('tokens').stringList();
  tokens.forEach((token, index) => {
    if (token.length < 16) {
      api.child('tokens').child(index).fail('a token must have at least 16 characters (e.g. `openssl rand -hex 24`)');
    }
  });
  if (env[TOKEN_ENV]) {
    tokens.push(env[TOKEN_ENV] as string);
  }

  const listen = root.child('listen');
  if (!listen.isMissing()) {
    listen.object(['host', 'port']);
  }
  const limits = root.child('limits');
  if (!limits.isMissing()) {
    limits.object(['maxWindowSeconds', 'maxTimelinePoints', 'maxMissingFraction', 'queryConcurrency']);
  }
  const workers = root.child('workers');
  if (!workers.isMissing()) {
    workers.object(['threads']);
  }

  const resolvedStore = storePath === ':memory:' ? storePath : path.resolve(baseDir, storePath);
  const campaigns = parseCampaigns(root.child('campaigns'), baseDir, resolvedStore);
  return {
    file,
    prometheus: parsePrometheus(root.child('prometheus')),
    services: parseServices(root.child('services')),
    catalogue: parseCatalogue(root.child('catalogue'), baseDir),
    stepSeconds,
    windowSeconds,
    baselineSeconds,
    store: { path: resolvedStore },
    api: { tokens, bodyLimitBytes: api.child('bodyLimitBytes').number(1024 * 1024, 1024, 256 * 1024 * 1024, true) },
    listen: {
      host: listen.child('host').string('127.0.0.1'),
      port: listen.child('port').number(8417, 0, 65535, true),
    },
    limits: {
      maxWindowSeconds: limits.child('maxWindowSeconds').number(86400, windowSeconds, 90 * 86400),
      maxTimelinePoints: limits.child('maxTimelinePoints').number(120, 1, 10000, true),
      maxMissingFraction: limits.child('maxMissingFraction').number(0.5, 0, 1),
      queryConcurrency: limits.child('queryConcurrency').number(8, 1, 256, true),
    },
    workers: { threads: workers.child('threads').number(2, 0, 64, true) },
    ...(campaigns ? { campaigns } : {}),
  };
}

/** The optional `campaigns:` section; the journal defaults to a file beside the store. */
function parseCampaigns(reader: ConfigReader, baseDir: string, storePath: string): CampaignsConfig | undefined {
  if (reader.isMissing()) {
    return undefined;
  }
  reader.object(['driver', 'labUrl', 'pumbaPath', 'dockerSocket', 'journal', 'grafana']);
  const driver = reader.child('driver').string();
  if (driver !== 'local' && driver !== 'pumba') {
    reader.child('driver').fail(`must be local (the lab's processes) or pumba (Docker containers), got "${driver}"`);
  }
  const url = (child: ConfigReader): string | undefined => {
    const text = child.optionalString();
    if (text !== undefined && !(URL.canParse(text) && /^https?:$/.test(new URL(text).protocol))) {
      child.fail(`must be an http(s) URL such as http://127.0.0.1:7190, got "${text}"`);
    }
    return text?.replace(/\/+$/, '');
  };
  const labUrl = url(reader.child('labUrl'));
  if (driver === 'local' && labUrl === undefined) {
    reader
      .child('labUrl')
      .fail('is required with driver: local: the lab supervisor control URL that `npm run lab` prints');
  }
  for (const key of driver === 'local' ? ['pumbaPath', 'dockerSocket'] : ['labUrl']) {
    if (!reader.child(key).isMissing()) {
      reader.child(key).fail(`is not used by driver: ${driver}; remove it`);
    }
  }
  const defaultJournal =
    storePath === ':memory:' ? path.join(baseDir, 'campaign-journal.json') : `${storePath}.campaign-journal.json`;
  const journal = reader.child('journal').optionalString();
  const grafana = reader.child('grafana');
  let grafanaConfig: CampaignsConfig['grafana'];
  if (!grafana.isMissing()) {
    grafana.object(['url', 'token']);
    grafanaConfig = {
      url: url(grafana.child('url')) ?? grafana.child('url').fail('is required: the Grafana base URL'),
      token: grafana.child('token').string(),
    };
  }
  return {
    driver: driver as CampaignsConfig['driver'],
    ...(labUrl !== undefined ? { labUrl } : {}),
    ...(driver === 'pumba' ? { pumbaPath: reader.child('pumbaPath').string('pumba') } : {}),
    ...(reader.child('dockerSocket').isMissing() ? {} : { dockerSocket: reader.child('dockerSocket').string() }),
    journalPath: journal === undefined ? defaultJournal : path.resolve(baseDir, journal),
    ...(grafanaConfig ? { grafana: grafanaConfig } : {}),
  };
}

function parsePrometheus(reader: ConfigReader): PrometheusConfig {
  if (reader.isMissing()) {
    reader.fail(
      'is required: the URL of a Prometheus-compatible API, e.g. `prometheus: { url: http://127.0.0.1:9090 }`'
    );
  }
  reader.object(['url', 'timeoutMs', 'retries', 'auth']);
  const url = reader.child('url').string();
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed) {
    return reader.child('url').fail(`must be an http(s) URL such as http://127.0.0.1:9090, got "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    reader.child('url').fail(`must use http or https, got "${parsed.protocol}"`);
  }
  const auth = reader.child('auth');
  let parsedAuth: PrometheusConfig['auth'];
  if (!auth.isMissing()) {
    auth.object(['username', 'password', 'bearerToken']);
    const bearer = auth.child('bearerToken').optionalString();
    const username = auth.child('username').optionalString();
    if (bearer !== undefined && username !== undefined) {
      auth.fail('give either bearerToken or username + password, not both');
    }
    if (bearer !== undefined) {
      parsedAuth = { kind: 'bearer', token: bearer };
    } else if (username !== undefined) {
      parsedAuth = { kind: 'basic', username, password: auth.child('password').string() };
    } else {
      auth.fail('needs bearerToken, or username and password');
    }
  }
  return {
    url: url.replace(/\/+$/, ''),
    timeoutMs: reader.child('timeoutMs').number(10000, 100, 600000, true),
    retries: reader.child('retries').number(2, 0, 10, true),
    auth: parsedAuth,
  };
}

function parseServices(reader: ConfigReader): ServicesConfig {
  if (reader.isMissing()) {
    reader.fail('is required: a list of service names, or `{ discover: { label: service, regex: ".*" } }`');
  }
  if (Array.isArray(reader.value)) {
    const names = reader.stringList();
    if (names.length === 0) {
      reader.fail('lists no service; name at least one');
    }
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) {
        reader.child(index).fail(`"${name}" is listed twice`);
      }
      if (/["\\]/.test(name)) {
        reader.child(index).fail('a service name cannot contain " or \\ (it is put inside PromQL strings)');
      }
    });
    return { kind: 'list', names };
  }
  reader.object(['discover']);
  const discover = reader.child('discover').object(['label', 'regex', 'match']);
  const label = discover.child('label').string();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(label)) {
    discover.child('label').fail(`must be a Prometheus label name, got "${label}"`);
  }
  const regex = discover.child('regex').string('.+');
  try {
    new RegExp(`^(?:${regex})$`);
  } catch (error) {
    discover.child('regex').fail(`is not a valid regular expression: ${(error as Error).message}`);
  }
  return { kind: 'discover', label, regex, match: discover.child('match').string(`{${label}!=""}`) };
}

function parseCatalogue(reader: ConfigReader, baseDir: string): FeatureCatalogue {
  if (reader.isMissing()) {
    reader.fail('is required: a catalogue file (e.g. `catalogue: catalogue-lab.yaml`) or `{ name, features: [...] }`');
  }
  if (typeof reader.value === 'string') {
    const file = resolveCatalogueFile(reader, baseDir);
    const text = readFileSync(file, 'utf8');
    return readCatalogue(new ConfigReader(parseYamlOrFail(text, file), '', file));
  }
  return readCatalogue(reader);
}

/** A catalogue path resolves against the config's folder first, then against the catalogues shipped with Culprit. */
function resolveCatalogueFile(reader: ConfigReader, baseDir: string): string {
  const name = reader.string();
  for (const candidate of [path.resolve(baseDir, name), path.resolve(SHIPPED_CONFIG_DIR, name)]) {
    try {
      readFileSync(candidate, { flag: 'r' });
      return candidate;
    } catch {
      // try the next place
    }
  }
  return reader.fail(`no catalogue file "${name}" next to the config or in ${SHIPPED_CONFIG_DIR}`);
}

/** Validates a feature catalogue document (`{ name, features: [{ metric, query }] }`). */
export function readCatalogue(reader: ConfigReader): FeatureCatalogue {
  reader.object(['name', 'description', 'features']);
  const features = reader.child('features').array();
  if (features.length === 0) {
    reader.child('features').fail('lists no feature; a catalogue needs at least one `{ metric, query }`');
  }
  const seen = new Set<string>();
  const parsed = features.map((item) => {
    item.object(['metric', 'query', 'description']);
    const metric = item.child('metric').string();
    if (!METRIC_NAME.test(metric)) {
      item
        .child('metric')
        .fail(`must be letters and digits only, starting with a letter (it becomes a CSV column), got "${metric}"`);
    }
    if (seen.has(metric)) {
      item.child('metric').fail(`"${metric}" is defined twice`);
    }
    seen.add(metric);
    const query = item.child('query').string();
    if (!query.includes('$service')) {
      item.child('query').fail('must contain $service (the placeholder for each service name)');
    }
    return { metric, query };
  });
  return { name: reader.child('name').string('catalogue'), features: parsed };
}

function parseYamlOrFail(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new ConfigError('', `is not valid YAML: ${(error as Error).message}`, file);
  }
}
