import { spawn, type ChildProcess } from 'node:child_process';

/** A server child process started by a test, with its output kept for failure messages. */
export interface SpawnedServer {
  readonly process: ChildProcess;
  /** What it has logged so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after the grace period; resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export interface SpawnServerOptions {
  readonly cwd?: string;
  /** How long `stop()` waits after SIGTERM before SIGKILL. */
  readonly graceMs?: number;
}

/** Spawns `command` with piped output (kept in memory, never inherited: test output stays readable). */
export function spawnServer(command: string, args: readonly string[], options: SpawnServerOptions = {}): SpawnedServer {
  let output = '';
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), options.graceMs ?? 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `check` every `intervalMs` until it resolves true, and resolves true; resolves false once `timeoutMs` has passed
 * or `gaveUp()` says waiting is pointless (e.g. the server exited). A `check` that throws counts as "not yet".
 */
export async function pollUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  gaveUp: () => boolean = () => false,
  intervalMs = 100
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gaveUp()) {
    try {
      if (await check()) {
        return true;
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}

/**
 * Waits until `GET url` answers 2xx while `server` runs; otherwise stops it and throws with `what` and its last output.
 */
export async function waitForHttpOk(
  server: SpawnedServer,
  url: string,
  timeoutMs: number,
  what: string
): Promise<void> {
  const ready = await pollUntil(
    async () => (await fetch(url)).ok,
    timeoutMs,
    () => server.process.exitCode !== null
  );
  if (!ready) {
    await server.stop();
    throw new Error(`${what} did not become ready on ${url}:\n${server.output().slice(-3000)}`);
  }
}
