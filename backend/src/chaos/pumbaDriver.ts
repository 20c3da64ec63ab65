import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AppliedFault, FaultDriver, FaultRequest } from './faultDriver';
import { pumbaArgv, type PumbaOptions } from './pumbaArgv';

export interface PumbaDriverOptions extends PumbaOptions {
  readonly pumbaPath?: string;
  readonly dockerSocket?: string;
  /** Container name for a service; `{service}` is replaced (default: the service name, as compose's container_name). */
  readonly containerTemplate?: string;
}

/**
 * Injects faults into Docker containers by running Pumba. Every timed command carries `--duration`, so Pumba ends
 * the fault on its own even when the runner dies; reverting early sends Pumba SIGTERM (it then removes its netem
 * rules and stress sidecar), and for `pause` also asks Docker to unpause, in case Pumba was killed hard.
 */
export class PumbaDriver implements FaultDriver {
  readonly name = 'pumba';
  private readonly running = new Map<number, ChildProcess>();

  constructor(private readonly options: PumbaDriverOptions = {}) {}

  private get pumba(): string {
    return this.options.pumbaPath ?? 'pumba';
  }

  private get socket(): string {
    return this.options.dockerSocket ?? '/var/run/docker.sock';
  }

  containerOf(service: string): string {
    return (this.options.containerTemplate ?? '{service}').replaceAll('{service}', service);
  }

  async check(): Promise<void> {
    const version = spawnSync(this.pumba, ['--version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) {
      throw new Error(
        `pumba did not run (${this.pumba}). Run campaigns with --driver pumba inside the compose stack's campaign ` +
          'container, or install Pumba from https://github.com/alexei-led/pumba/releases.'
      );
    }
    if (!existsSync(this.socket)) {
      throw new Error(`the Docker socket ${this.socket} is missing: mount /var/run/docker.sock into the runner.`);
    }
  }

  async apply(request: FaultRequest): Promise<AppliedFault> {
    const argv = pumbaArgv(request, this.containerOf(request.service), this.options);
    const child = spawn(this.pumba, argv, { stdio: ['ignore', 'inherit', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    if (child.pid !== undefined) {
      const pid = child.pid;
      this.running.set(pid, child);
      child.once('exit', () => this.running.delete(pid));
    }
    if (request.spec.kind === 'kill') {
      const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
      if (code !== 0) {
        throw new Error(`pumba ${argv.join(' ')} exited with code ${code}`);
      }
    }
    return { ...request, driver: this.name, data: { pumbaPid: child.pid ?? null, argv } };
  }

  async revert(fault: AppliedFault): Promise<void> {
    const pid = typeof fault.data.pumbaPid === 'number' ? fault.data.pumbaPid : undefined;
    if (pid !== undefined && isAlive(pid)) {
      process.kill(pid, 'SIGTERM');
      await waitGone(pid, 15_000);
    }
    if (fault.spec.kind === 'pause') {
      await dockerPost(this.socket, `/containers/${encodeURIComponent(this.containerOf(fault.service))}/unpause`);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** POSTs to the Docker Engine API; 204 (done), 304 and 409 (not paused) all leave the container running. */
function dockerPost(socketPath: string, pathname: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, path: pathname, method: 'POST' }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      if (status === 204 || status === 304 || status === 409) {
        resolve();
      } else {
        reject(new Error(`Docker answered ${status} to POST ${pathname}`));
      }
    });
    request.on('error', (error) => reject(new Error(`Docker at ${socketPath} unreachable: ${error.message}`)));
    request.end();
  });
}
