import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { readProcs, setFreezerState } from './cgroupV1';
import type { AppliedFault, FaultDriver, FaultRequest } from './faultDriver';
import type { ProxyFault } from './faultProxy';
import { formatStressBytes } from './faultSpec';
import type { LabServicesAnswer, LabServiceState } from './labControl';

export interface LocalDriverOptions {
  /** Base URL of the lab supervisor's control API, e.g. `http://127.0.0.1:7190`. */
  readonly labUrl: string;
  readonly stressNgPath?: string;
  /** How long to wait for a killed service to be restarted and healthy again. */
  readonly restartTimeoutMs?: number;
}

const POLL_MS = 50;

/**
 * Injects faults into the shop run as local processes by the lab supervisor:
 * - `cpu`, `memory`: stress-ng (`--cpu N`, or `--vm N --vm-bytes X --vm-keep`) started inside the service's chaos
 *   cgroup, so its load is charged to the service and shares its CPU limit, as Pumba's stress sidecar does;
 * - `delay`, `loss`: the fault proxy in front of the service (the kernel has no netem);
 * - `pause`: the cgroup freezer, as `docker pause` does;
 * - `kill`: SIGKILL; the supervisor restarts the service, as Docker's restart policy would.
 * Reverting needs only the service name and the fault kind, so a journal entry written before the fault is enough.
 */
export class LocalDriver implements FaultDriver {
  readonly name = 'local';
  private readonly stressNg: string;

  constructor(private readonly options: LocalDriverOptions) {
    this.stressNg = options.stressNgPath ?? 'stress-ng';
  }

  async check(services: readonly string[]): Promise<void> {
    const known = await this.services();
    const names = new Set(known.map((service) => service.name));
    const missing = services.filter((service) => !names.has(service));
    if (missing.length > 0) {
      throw new Error(
        `the lab at ${this.options.labUrl} runs ${[...names].join(', ')}; it has no ${missing.join(', ')}. ` +
          'Fix the plan\'s "services" list.'
      );
    }
    const version = spawnSync(this.stressNg, ['--version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) {
      throw new Error(
        `stress-ng is needed for cpu and memory faults and did not run (${this.stressNg}): apt-get install stress-ng`
      );
    }
  }

  async apply(request: FaultRequest): Promise<AppliedFault> {
    const service = await this.service(request.service);
    const applied = (data: Record<string, unknown>): AppliedFault => ({ ...request, driver: this.name, data });
    const { spec } = request;
    switch (spec.kind) {
      case 'cpu':
      case 'memory': {
        const stressors =
          spec.kind === 'cpu'
            ? ['--cpu', String(spec.workers)]
            : ['--vm', String(spec.workers), '--vm-bytes', formatStressBytes(spec.bytesPerWorker), '--vm-keep'];
        // stress-ng's own timeout is the last line of defence: it ends the load even if nothing reverts it.
        const timeoutSeconds = request.durationSeconds + 10;
        await this.startStress(service, [...stressors, '--timeout', `${timeoutSeconds}s`, '--quiet']);
        return applied({});
      }
      case 'delay':
        await this.setProxy(request.service, { kind: 'delay', timeMs: spec.timeMs, jitterMs: spec.jitterMs });
        return applied({});
      case 'loss':
        await this.setProxy(request.service, { kind: 'loss', percent: spec.percent });
        return applied({});
      case 'pause':
        await setFreezerState(requireCgroup(service, 'freezer'), 'FROZEN');
        return applied({});
      case 'kill': {
        if (service.pid === null) {
          throw new Error(`${request.service} is not running, so it cannot be killed`);
        }
        process.kill(service.pid, 'SIGKILL');
        return applied({ killedPid: service.pid });
      }
    }
  }

  async revert(fault: AppliedFault): Promise<void> {
    const service = await this.service(fault.service);
    switch (fault.spec.kind) {
      case 'cpu':
      case 'memory':
        await this.stopStress(service);
        return;
      case 'delay':
      case 'loss':
        await this.setProxy(fault.service, { kind: 'none' });
        return;
      case 'pause':
        await setFreezerState(requireCgroup(service, 'freezer'), 'THAWED');
        return;
      case 'kill': {
        const killedPid = typeof fault.data.killedPid === 'number' ? fault.data.killedPid : undefined;
        await this.waitRestarted(fault.service, killedPid);
        return;
      }
    }
  }

  private async startStress(service: LabServiceState, args: string[]): Promise<void> {
    const procsFiles = Object.values(service.chaosCgroups).map((directory) => path.join(directory, 'cgroup.procs'));
    if (procsFiles.length === 0) {
      throw new Error(`the lab reports no chaos cgroup for ${service.name}`);
    }
    // The shell joins the cgroups before exec-ing stress-ng, so no worker ever runs outside them.
    const script = 'for f in $CULPRIT_PROCS; do echo $$ > "$f" || exit 97; done; exec "$0" "$@"';
    const child = spawn('/bin/sh', ['-c', script, this.stressNg, ...args], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, CULPRIT_PROCS: procsFiles.join(' ') },
    });
    child.unref();
    const anyDirectory = Object.values(service.chaosCgroups)[0];
    const deadline = Date.now() + 5_000;
    while ((await readProcs(anyDirectory)).length === 0) {
      if (child.exitCode !== null) {
        throw new Error(`stress-ng exited at once with code ${child.exitCode} for ${service.name}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`stress-ng did not appear in ${anyDirectory} within 5 s`);
      }
      await sleep(POLL_MS);
    }
  }

  /** Kills everything in the service's chaos cgroups (only injected stress runs there) and waits until they are empty. */
  private async stopStress(service: LabServiceState): Promise<void> {
    const directories = Object.values(service.chaosCgroups);
    const deadline = Date.now() + 5_000;
    for (;;) {
      const pids = new Set<number>();
      for (const directory of directories) {
        for (const pid of await readProcs(directory)) {
          pids.add(pid);
        }
      }
      if (pids.size === 0) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`stress processes ${[...pids].join(', ')} of ${service.name} survived SIGKILL for 5 s`);
      }
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone between reading the cgroup and the kill.
        }
      }
      await sleep(POLL_MS);
    }
  }

  private async waitRestarted(name: string, killedPid: number | undefined): Promise<void> {
    const timeoutMs = this.options.restartTimeoutMs ?? 20_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const service = await this.service(name);
      if (service.healthy && service.pid !== null && service.pid !== killedPid) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`${name} was not running and healthy again ${timeoutMs} ms after the kill`);
      }
      await sleep(200);
    }
  }

  private async setProxy(name: string, fault: ProxyFault): Promise<void> {
    await this.request(`/proxies/${encodeURIComponent(name)}`, { method: 'PUT', body: JSON.stringify(fault) });
  }

  private async service(name: string): Promise<LabServiceState> {
    const found = (await this.services()).find((service) => service.name === name);
    if (!found) {
      throw new Error(`the lab at ${this.options.labUrl} has no service named ${name}`);
    }
    return found;
  }

  private async services(): Promise<readonly LabServiceState[]> {
    return ((await this.request('/services')) as LabServicesAnswer).services;
  }

  private async request(pathname: string, init: { method?: string; body?: string } = {}): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(new URL(pathname, this.options.labUrl), {
        method: init.method ?? 'GET',
        body: init.body,
        headers: init.body ? { 'content-type': 'application/json' } : undefined,
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      throw new Error(
        `the lab supervisor at ${this.options.labUrl} did not answer (${(error as Error).message}); is \`npm run lab\` running?`
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`the lab supervisor answered ${response.status} to ${pathname}: ${text}`);
    }
    return text ? JSON.parse(text) : {};
  }
}

function requireCgroup(service: LabServiceState, controller: 'freezer'): string {
  const directory = service.cgroups[controller];
  if (!directory) {
    throw new Error(`the lab reports no ${controller} cgroup for ${service.name}`);
  }
  return directory;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
