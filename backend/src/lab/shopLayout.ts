import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './freePort';
import type { SupervisedProcessSpec } from './labSupervisor';

/** The repository root, from backend/src/lab (ts-jest) or backend/dist/lab (compiled). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SHOP_MAIN = path.join(REPO_ROOT, 'demo', 'dist', 'main.js');

interface ShopTopology {
  readonly SERVICE_NAMES: readonly string[];
  readonly TOPOLOGY: Readonly<Record<string, { readonly calls: readonly string[] }>>;
}

/** The shop's call graph, read from the compiled demo so the lab and the shop never disagree. */
export function loadShopTopology(): ShopTopology {
  const file = path.join(REPO_ROOT, 'demo', 'dist', 'topology.js');
  if (!existsSync(file)) {
    throw new Error(`the shop is not built (${file} is missing): run \`npm run build:demo\``);
  }
  return require(file) as ShopTopology;
}

export interface ShopPorts {
  /** Where each service really listens (Prometheus scrapes here, so a faulty proxy does not hide its metrics). */
  readonly service: Readonly<Record<string, number>>;
  /** The fault proxy in front of each service; every caller goes through it. */
  readonly proxy: Readonly<Record<string, number>>;
  readonly loadgen: number;
}

/**
 * The processes of the shop for the lab supervisor: the chosen services (each calling the others through their
 * proxies) and, when `journeysPerSecond` is set, the load generator driving the gateway's proxy.
 */
export async function shopProcesses(options: {
  readonly host: string;
  readonly services?: readonly string[];
  readonly journeysPerSecond?: number;
  readonly loadSeed?: number;
}): Promise<{ processes: SupervisedProcessSpec[]; ports: ShopPorts }> {
  const topology = loadShopTopology();
  const names = options.services ?? topology.SERVICE_NAMES;
  for (const name of names) {
    const missing = topology.TOPOLOGY[name]?.calls.filter((callee) => !names.includes(callee));
    if (!topology.TOPOLOGY[name]) {
      throw new Error(`the shop has no service ${name}; it has ${topology.SERVICE_NAMES.join(', ')}`);
    }
    if (missing && missing.length > 0) {
      throw new Error(`${name} calls ${missing.join(', ')}, which the lab would not run`);
    }
  }
  const service: Record<string, number> = {};
  const proxy: Record<string, number> = {};
  for (const name of names) {
    service[name] = await freePort(options.host);
    proxy[name] = await freePort(options.host);
  }
  const urls: Record<string, string> = {};
  for (const name of names) {
    urls[`${name.toUpperCase()}_URL`] = `http://${options.host}:${proxy[name]}`;
  }
  const processes: SupervisedProcessSpec[] = names.map((name) => ({
    name,
    command: process.execPath,
    args: [SHOP_MAIN, name],
    env: { ...urls, PORT: String(service[name]), HOST: options.host },
    port: service[name],
    proxyPort: proxy[name],
    faultTarget: true,
  }));
  const loadgen = await freePort(options.host);
  if (options.journeysPerSecond !== undefined) {
    if (!names.includes('gateway')) {
      throw new Error('the load generator drives the gateway: include gateway in the services');
    }
    processes.push({
      name: 'loadgen',
      command: process.execPath,
      args: [SHOP_MAIN, 'loadgen'],
      env: {
        GATEWAY_URL: urls.GATEWAY_URL,
        PORT: String(loadgen),
        HOST: options.host,
        LOAD_SEED: String(options.loadSeed ?? 1),
        LOAD_JOURNEYS_PER_SECOND: String(options.journeysPerSecond),
        LOAD_CYCLE_SECONDS: '300',
      },
      port: loadgen,
      faultTarget: false,
    });
  }
  return { processes, ports: { service, proxy, loadgen } };
}
