import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../support/freePort';
import { spawnServer, waitForHttpOk } from '../../support/spawnServer';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'backend/bin/culprit.js');
const COMPILED = path.join(ROOT, 'backend/dist/cli/main.js');

/** A `culprit serve` child process. Always `stop()` it. */
export interface CulpritServe {
  readonly url: string;
  /** `127.0.0.1:PORT`, for a Prometheus scrape target. */
  readonly target: string;
  readonly token: string;
  readonly process: ChildProcess;
  output(): string;
  /** Calls the API with the bearer token; throws with the answer's message on a non-2xx status. */
  api<T>(method: string, route: string, body?: unknown): Promise<T>;
  /** CPU seconds (user + system, every thread) the process has used, read from /proc/PID/stat. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface CulpritServeOptions {
  /** The culprit.yaml content, without `listen` and `api` (the helper picks a free port and a token). */
  readonly config: Record<string, unknown>;
  readonly configFile: string;
  readonly args?: readonly string[];
  /** Listen here (when a scraper must know the address first); default: a free port. */
  readonly port?: number;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ); 100 on every Linux this runs on. */
const USER_HZ = 100;

/**
 * Starts the real CLI (`backend/bin/culprit.js serve`, the compiled backend) on a free loopback port with `config`,
 * and resolves once `/api/health` answers.
 */
export async function startCulpritServe(options: CulpritServeOptions): Promise<CulpritServe> {
  if (!existsSync(COMPILED)) {
    throw new Error(`${COMPILED} is missing: run \`npm run build:backend\` first (npm test does)`);
  }
  const port = options.port ?? (await freePort());
  const token = `alerting-test-${Math.random().toString(36).slice(2)}-token`;
  writeFileSync(
    options.configFile,
    stringify({ ...options.config, listen: { host: '127.0.0.1', port }, api: { tokens: [token] } })
  );
  const server = spawnServer(
    process.execPath,
    [CLI, 'serve', '--config', options.configFile, ...(options.args ?? [])],
    {
      cwd: ROOT,
      graceMs: 10_000,
    }
  );
  const child = server.process;
  const url = `http://127.0.0.1:${port}`;
  const stop = server.stop;
  await waitForHttpOk(server, `${url}/api/health`, 30_000, 'culprit serve');

  return {
    url,
    target: `127.0.0.1:${port}`,
    token,
    process: child,
    output: server.output,
    async api<T>(method: string, route: string, body?: unknown): Promise<T> {
      const response = await fetch(`${url}${route}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
      }
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
    cpuSeconds() {
      // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
      // utime and stime are the 12th and 13th of them (fields 14 and 15 of proc(5)).
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
    },
    stop,
  };
}
