import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Gauge, Registry } from 'prom-client';
import {
  addProcess,
  assertCgroupV1Available,
  type CgroupPaths,
  createCgroup,
  readCpuUsageSeconds,
  readFreezerState,
  readMemory,
  readProcs,
  removeCgroups,
  setCpuLimit,
  setFreezerState,
} from '../chaos/cgroupV1';
import { assertValidProxyFault, FaultProxy } from '../chaos/faultProxy';
import type { LabServicesAnswer, LabServiceState } from '../chaos/labControl';

/** One process the supervisor keeps running. */
export interface SupervisedProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The port the process listens on (its /health and /metrics are there). */
  readonly port: number;
  /** When set, a fault proxy listens here and forwards to `port`; callers use this one. */
  readonly proxyPort?: number;
  /** Run it in its own cgroups (a fault target). The load generator is not one. */
  readonly faultTarget: boolean;
}

export interface LabSupervisorOptions {
  readonly host: string;
  /** Distinguishes this lab's cgroups from another lab's on the same machine. */
  readonly labId: string;
  readonly processes: readonly SupervisedProcessSpec[];
  /** CPU limit of each fault target, in cores (as `docker run --cpus`); injected stress competes within it. */
  readonly cpuLimitCores: number;
  readonly controlPort: number;
  /** Each process's stdout and stderr go to `<logDir>/<name>.log`. */
  readonly logDir: string;
  readonly restartDelayMs?: number;
}

interface Supervised {
  readonly spec: SupervisedProcessSpec;
  child?: ChildProcess;
  healthy: boolean;
  restarts: number;
  cgroups: CgroupPaths;
  chaosCgroups: CgroupPaths;
  proxy?: FaultProxy;
  restartTimer?: NodeJS.Timeout;
}

/**
 * Runs the shop as local processes, the Docker-less way: each service in its own cgroups (with a CPU limit, like a
 * container), behind a fault proxy, restarted when it dies (like a restart policy). Its control API is what the
 * local fault driver talks to (`GET /services`, `PUT /proxies/:name`), and its `/metrics` exports the cgroups'
 * CPU and memory under cAdvisor's names (`container_cpu_usage_seconds_total{name=...}`), so injected stress shows.
 */
export class LabSupervisor {
  private readonly supervised: Supervised[];
  private readonly registry = new Registry();
  private control?: http.Server;
  private stopping = false;
  private healthTimer?: NodeJS.Timeout;

  constructor(private readonly options: LabSupervisorOptions) {
    this.supervised = options.processes.map((spec) => ({
      spec,
      healthy: false,
      restarts: 0,
      cgroups: {},
      chaosCgroups: {},
    }));
    this.defineMetrics();
  }

  get controlUrl(): string {
    return `http://${this.options.host}:${this.options.controlPort}`;
  }

  async start(): Promise<void> {
    if (this.supervised.some((one) => one.spec.faultTarget)) {
      assertCgroupV1Available();
    }
    for (const one of this.supervised) {
      if (one.spec.faultTarget) {
        const relative = path.join('culprit-lab', this.options.labId, one.spec.name);
        one.cgroups = await createCgroup(relative);
        one.chaosCgroups = await createCgroup(path.join(relative, 'chaos'));
        if (one.cgroups.cpu) {
          await setCpuLimit(one.cgroups.cpu, this.options.cpuLimitCores);
        }
      }
      if (one.spec.proxyPort !== undefined) {
        one.proxy = new FaultProxy({
          host: this.options.host,
          listenPort: one.spec.proxyPort,
          upstreamHost: this.options.host,
          upstreamPort: one.spec.port,
        });
        await one.proxy.start();
      }
    }
    for (const one of this.supervised) {
      await this.spawn(one);
    }
    this.healthTimer = setInterval(() => void this.checkHealth(), 1_000);
    await this.startControl();
  }

  /** Resolves once every process answers /health, or rejects naming those that do not. */
  async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.checkHealth();
      const sick = this.supervised.filter((one) => !one.healthy).map((one) => one.spec.name);
      if (sick.length === 0) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`not healthy after ${timeoutMs} ms: ${sick.join(', ')} (logs in ${this.options.logDir})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  state(): LabServicesAnswer {
    const services: LabServiceState[] = this.supervised
      .filter((one) => one.spec.faultTarget)
      .map((one) => ({
        name: one.spec.name,
        pid:
          one.child?.pid !== undefined && one.child.exitCode === null && one.child.signalCode === null
            ? one.child.pid
            : null,
        healthy: one.healthy,
        restarts: one.restarts,
        cgroups: one.cgroups,
        chaosCgroups: one.chaosCgroups,
        proxyFault: one.proxy?.fault ?? { kind: 'none' },
      }));
    return { services };
  }

  /**
   * Stops everything and removes the cgroups: thaws frozen services first (a frozen process cannot die), kills any
   * injected stress, then SIGTERM (SIGKILL after 3 s) to every process.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.healthTimer);
    const control = this.control;
    if (control) {
      control.closeAllConnections();
      await new Promise((resolve) => control.close(resolve));
    }
    for (const one of this.supervised) {
      clearTimeout(one.restartTimer);
      if (one.cgroups.freezer && (await readFreezerState(one.cgroups.freezer)) !== 'THAWED') {
        await setFreezerState(one.cgroups.freezer, 'THAWED');
      }
      for (const directory of Object.values(one.chaosCgroups)) {
        for (const pid of await readProcs(directory)) {
          killQuietly(pid, 'SIGKILL');
        }
      }
    }
    await Promise.all(this.supervised.map((one) => stopChild(one.child)));
    for (const one of this.supervised) {
      await one.proxy?.close();
      await waitEmpty([...Object.values(one.chaosCgroups), ...Object.values(one.cgroups)]);
      await removeCgroups([...Object.values(one.chaosCgroups), ...Object.values(one.cgroups)]);
    }
    await removeCgroups(
      ['cpu', 'cpuacct', 'memory', 'freezer'].map((controller) =>
        path.join('/sys/fs/cgroup', controller, 'culprit-lab', this.options.labId)
      )
    ).catch(() => undefined);
  }

  private async spawn(one: Supervised): Promise<void> {
    const log = openSync(path.join(this.options.logDir, `${one.spec.name}.log`), 'a');
    const child = spawn(one.spec.command, one.spec.args, {
      env: { ...process.env, ...one.spec.env },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    one.child = child;
    one.healthy = false;
    // Restart on exit is armed before the cgroup move: a process that dies at once (its port taken, say) exits
    // before it can be moved, and must still be restarted rather than left dead for the rest of the lab.
    child.once('exit', () => {
      one.healthy = false;
      if (this.stopping) {
        return;
      }
      one.restarts++;
      one.restartTimer = setTimeout(() => {
        this.spawn(one).catch((error: Error) =>
          process.stderr.write(`lab: restarting ${one.spec.name} failed: ${error.message}\n`)
        );
      }, this.options.restartDelayMs ?? 500);
    });
    if (one.spec.faultTarget && child.pid !== undefined) {
      try {
        await addProcess(one.cgroups, child.pid);
      } catch (error) {
        // Already gone (ESRCH): the exit handler restarts it. Anything else is a broken cgroup setup: say so, and
        // do not restart a process that would land outside its cgroups again.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          throw new Error(`could not move ${one.spec.name} into its cgroups: ${(error as Error).message}`);
        }
      }
    }
  }

  private async checkHealth(): Promise<void> {
    await Promise.all(
      this.supervised.map(async (one) => {
        try {
          const response = await fetch(`http://${this.options.host}:${one.spec.port}/health`, {
            signal: AbortSignal.timeout(900),
          });
          // Whoever answers must be this service: when two labs start side by side, another lab's process can hold
          // the port this one was given, and its /health would pass for ours (the shop's services name themselves).
          const body = (await response.json().catch(() => ({}))) as { service?: unknown };
          const impostor = typeof body.service === 'string' && body.service !== one.spec.name;
          one.healthy = response.ok && !impostor && one.child?.exitCode === null;
        } catch {
          one.healthy = false;
        }
      })
    );
  }

  private defineMetrics(): void {
    const targets = () => this.supervised.filter((one) => one.spec.faultTarget);
    new Gauge({
      name: 'container_cpu_usage_seconds_total',
      help: 'CPU seconds used by every process of the service cgroup (cAdvisor name; a counter read from cpuacct).',
      labelNames: ['name'],
      registers: [this.registry],
      collect: async function (this: Gauge<'name'>) {
        for (const one of targets()) {
          if (one.cgroups.cpuacct) {
            this.set({ name: one.spec.name }, await readCpuUsageSeconds(one.cgroups.cpuacct));
          }
        }
      },
    });
    const memory = (name: string, help: string, field: 'usageBytes' | 'workingSetBytes') =>
      new Gauge({
        name,
        help,
        labelNames: ['name'],
        registers: [this.registry],
        collect: async function (this: Gauge<'name'>) {
          for (const one of targets()) {
            if (one.cgroups.memory) {
              this.set({ name: one.spec.name }, (await readMemory(one.cgroups.memory))[field]);
            }
          }
        },
      });
    memory(
      'container_memory_usage_bytes',
      'Memory charged to the service cgroup, bytes (cAdvisor name).',
      'usageBytes'
    );
    memory(
      'container_memory_working_set_bytes',
      'Working set of the service cgroup, bytes (cAdvisor name).',
      'workingSetBytes'
    );
    const supervised = this.supervised;
    new Gauge({
      name: 'culprit_lab_restarts',
      help: 'Times the lab supervisor restarted the process after it died.',
      labelNames: ['name'],
      registers: [this.registry],
      collect() {
        for (const one of supervised) {
          this.set({ name: one.spec.name }, one.restarts);
        }
      },
    });
  }

  private async startControl(): Promise<void> {
    const server = http.createServer((request, response) => {
      void this.handleControl(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.controlPort, this.options.host, () => resolve());
    });
    this.control = server;
  }

  private async handleControl(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const send = (status: number, payload: unknown, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type });
      response.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    const url = new URL(request.url ?? '/', 'http://lab');
    try {
      if (request.method === 'GET' && url.pathname === '/services') {
        send(200, this.state());
        return;
      }
      if (request.method === 'GET' && url.pathname === '/metrics') {
        send(200, await this.registry.metrics(), this.registry.contentType);
        return;
      }
      const proxyMatch = /^\/proxies\/([^/]+)$/.exec(url.pathname);
      if (request.method === 'PUT' && proxyMatch) {
        const one = this.supervised.find((candidate) => candidate.spec.name === decodeURIComponent(proxyMatch[1]));
        if (!one?.proxy) {
          send(404, { error: `no proxied service named ${proxyMatch[1]}` });
          return;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of request) {
          chunks.push(chunk as Buffer);
        }
        const fault: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
        assertValidProxyFault(fault);
        one.proxy.setFault(fault);
        send(200, { name: one.spec.name, fault });
        return;
      }
      send(404, {
        error: `no route ${request.method} ${url.pathname}; try GET /services, PUT /proxies/:name, GET /metrics`,
      });
    } catch (error) {
      send(error instanceof RangeError || error instanceof SyntaxError ? 400 : 500, {
        error: (error as Error).message,
      });
    }
  }
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

async function waitEmpty(directories: readonly string[]): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    let left = 0;
    for (const directory of directories) {
      left += (await readProcs(directory)).length;
    }
    if (left === 0 || Date.now() > deadline) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
