import { parse as parseYaml } from 'yaml';
import { FAULT_KINDS, type FaultSpec, isFaultKind } from '../chaos/faultSpec';
import { seededRandom } from '../core/seededRandom';

/** A campaign plan, validated: which faults to inject where, how long, how often, in which (seeded) order. */
export interface CampaignPlan {
  readonly name: string;
  readonly seed: number;
  readonly services: readonly string[];
  readonly faults: readonly FaultSpec[];
  readonly repetitions: number;
  readonly faultSeconds: number;
  readonly gapSeconds: number;
  /** Quiet time before the first fault, so the first episode has a clean baseline. */
  readonly settleSeconds: number;
  /** Check each fault's symptom in Prometheus after the episode (needs a Prometheus URL). */
  readonly verify: boolean;
  /** The range of `rate()` in the symptom queries; at least 4 scrape intervals of the Prometheus that is asked. */
  readonly rateInterval: string;
  /** Container names for the Pumba driver; `{service}` is replaced. */
  readonly containerTemplate: string;
}

/** One episode to run: the n-th of the schedule. */
export interface ScheduledFault {
  readonly index: number;
  readonly service: string;
  readonly spec: FaultSpec;
  readonly durationSeconds: number;
}

/** A plan that cannot be run as written: names the file, the key path and what to write instead. */
export class PlanError extends Error {
  override readonly name = 'PlanError';
  constructor(
    readonly source: string,
    readonly keyPath: string,
    detail: string
  ) {
    super(`${source}: ${keyPath ? `${keyPath}: ` : ''}${detail}`);
  }
}

const PLAN_KEYS = [
  'name',
  'description',
  'seed',
  'services',
  'faults',
  'repetitions',
  'faultSeconds',
  'gapSeconds',
  'settleSeconds',
  'verify',
  'rateInterval',
  'containerTemplate',
];

const FAULT_PARAM_KEYS: Record<FaultSpec['kind'], readonly string[]> = {
  cpu: ['workers'],
  memory: ['workers', 'bytes'],
  delay: ['timeMs', 'jitterMs'],
  loss: ['percent'],
  pause: [],
  kill: [],
};

const SIZE_PATTERN = /^(\d+)\s*([KMG]?)i?B?$/i;
const SIZE_FACTORS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** Parses and validates a plan's YAML; `source` (the file name) goes into every error message. */
export function parseCampaignPlan(text: string, source: string): CampaignPlan {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new PlanError(source, '', `not valid YAML (${(error as Error).message})`);
  }
  if (!isRecord(raw)) {
    throw new PlanError(source, '', 'a plan is a YAML mapping with at least "services" and "faults"');
  }
  const fail = (keyPath: string, detail: string): never => {
    throw new PlanError(source, keyPath, detail);
  };
  for (const key of Object.keys(raw)) {
    if (!PLAN_KEYS.includes(key)) {
      fail(key, `unknown key; allowed keys: ${PLAN_KEYS.join(', ')}`);
    }
  }
  const integer = (key: string, fallback: number | undefined, min: number, max: number): number => {
    const value = raw[key] ?? fallback;
    if (value === undefined) {
      return fail(key, 'is required');
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return fail(key, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    }
    return value;
  };

  const services = raw.services;
  if (!Array.isArray(services) || services.length === 0) {
    fail('services', 'must be a non-empty list of service names, e.g. [catalog, cart, payment]');
  }
  const serviceNames = (services as unknown[]).map((service, index) =>
    typeof service === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(service)
      ? service
      : fail(`services[${index}]`, `must be a service name (letters, digits, . _ -), got ${JSON.stringify(service)}`)
  );
  const duplicate = serviceNames.find((name, index) => serviceNames.indexOf(name) !== index);
  if (duplicate) {
    fail('services', `lists ${duplicate} twice`);
  }

  const faults = raw.faults;
  if (!Array.isArray(faults) || faults.length === 0) {
    fail('faults', `must be a non-empty list of faults, each {kind: ${FAULT_KINDS.join('|')}, ...parameters}`);
  }
  const specs = (faults as unknown[]).map((fault, index) => parseFault(fault, `faults[${index}]`, fail));

  const verify = raw.verify ?? true;
  if (typeof verify !== 'boolean') {
    fail('verify', `must be true or false, got ${JSON.stringify(verify)}`);
  }
  const rateInterval = raw.rateInterval ?? '10s';
  if (typeof rateInterval !== 'string' || !/^\d+(ms|s|m|h)$/.test(rateInterval)) {
    fail('rateInterval', `must be a Prometheus duration such as 10s or 1m, got ${JSON.stringify(rateInterval)}`);
  }
  const containerTemplate = raw.containerTemplate ?? '{service}';
  if (typeof containerTemplate !== 'string' || !containerTemplate.includes('{service}')) {
    fail('containerTemplate', 'must be a string containing {service}, e.g. "shop-{service}"');
  }
  const name = raw.name ?? 'campaign';
  if (typeof name !== 'string' || name.trim() === '') {
    fail('name', 'must be a non-empty string');
  }

  return {
    name: name as string,
    seed: integer('seed', 1, 0, 2 ** 31 - 1),
    services: serviceNames,
    faults: specs,
    repetitions: integer('repetitions', 1, 1, 1000),
    faultSeconds: integer('faultSeconds', undefined, 1, 86_400),
    gapSeconds: integer('gapSeconds', undefined, 0, 86_400),
    settleSeconds: integer('settleSeconds', 0, 0, 86_400),
    verify: verify as boolean,
    rateInterval: rateInterval as string,
    containerTemplate: containerTemplate as string,
  };
}

function parseFault(value: unknown, keyPath: string, fail: (keyPath: string, detail: string) => never): FaultSpec {
  if (!isRecord(value)) {
    return fail(keyPath, `must be a mapping like {kind: cpu, workers: 1}`);
  }
  const kind = value.kind;
  if (!isFaultKind(kind)) {
    return fail(`${keyPath}.kind`, `must be one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  }
  const allowed = FAULT_PARAM_KEYS[kind];
  for (const key of Object.keys(value)) {
    if (key !== 'kind' && !allowed.includes(key)) {
      fail(
        `${keyPath}.${key}`,
        `is not a parameter of ${kind}; ${kind} takes ${allowed.length ? allowed.join(', ') : 'no parameters'}`
      );
    }
  }
  const number = (key: string, fallback: number, min: number, max: number, integer: boolean): number => {
    const raw = value[key] ?? fallback;
    if (
      typeof raw !== 'number' ||
      !Number.isFinite(raw) ||
      raw < min ||
      raw > max ||
      (integer && !Number.isInteger(raw))
    ) {
      return fail(
        `${keyPath}.${key}`,
        `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(raw)}`
      );
    }
    return raw;
  };
  switch (kind) {
    case 'cpu':
      return { kind, workers: number('workers', 1, 1, 64, true) };
    case 'memory':
      return {
        kind,
        workers: number('workers', 1, 1, 64, true),
        bytesPerWorker: parseSize(value.bytes ?? '128M', `${keyPath}.bytes`, fail),
      };
    case 'delay':
      return {
        kind,
        timeMs: number('timeMs', 200, 1, 60_000, true),
        jitterMs: number('jitterMs', 20, 0, 60_000, true),
      };
    case 'loss':
      return { kind, percent: number('percent', 20, 0.1, 100, false) };
    case 'pause':
      return { kind };
    case 'kill':
      return { kind };
  }
}

function parseSize(value: unknown, keyPath: string, fail: (keyPath: string, detail: string) => never): number {
  const match = typeof value === 'string' ? SIZE_PATTERN.exec(value.trim()) : null;
  const bytes =
    typeof value === 'number' ? value : match ? Number(match[1]) * SIZE_FACTORS[match[2].toUpperCase()] : NaN;
  if (!Number.isInteger(bytes) || bytes < 1024 * 1024 || bytes > 64 * 1024 ** 3) {
    return fail(keyPath, `must be a size from 1M to 64G such as 128M or 1G, got ${JSON.stringify(value)}`);
  }
  return bytes;
}

/**
 * The episodes of a plan in run order: every (service, fault) pair `repetitions` times, shuffled with the plan's
 * seed (Fisher-Yates), so neighbouring episodes do not always share a service and the order is reproducible.
 */
export function scheduleCampaign(plan: CampaignPlan): ScheduledFault[] {
  const pairs: Array<{ service: string; spec: FaultSpec }> = [];
  for (let repetition = 0; repetition < plan.repetitions; repetition++) {
    for (const service of plan.services) {
      for (const spec of plan.faults) {
        pairs.push({ service, spec });
      }
    }
  }
  const random = seededRandom(plan.seed);
  for (let index = pairs.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [pairs[index], pairs[other]] = [pairs[other], pairs[index]];
  }
  return pairs.map((pair, index) => ({ index, ...pair, durationSeconds: plan.faultSeconds }));
}

/** Wall time the plan takes, in seconds (settle, then each fault followed by its gap). */
export function planDurationSeconds(plan: CampaignPlan): number {
  const episodes = plan.repetitions * plan.services.length * plan.faults.length;
  return plan.settleSeconds + episodes * (plan.faultSeconds + plan.gapSeconds);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
