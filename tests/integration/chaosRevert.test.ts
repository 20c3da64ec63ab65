/**
 * The local fault driver ALWAYS reverts: for every fault kind, the campaign runner is SIGKILLed in the middle of an
 * episode (the fault is checked to be really in place, so the test can fail), and the next `culprit campaign run`
 * recovers from the journal: no process left frozen, no stress-ng left, no proxy left faulty, the service healthy.
 * Also: SIGTERM and SIGINT make the runner revert on its own. Needs root (cgroup v1) and stress-ng; builds nothing
 * itself: `npm test` builds backend/dist and demo/dist first.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LabServiceState } from '../../backend/src/chaos/labControl';
import { readFreezerState, readProcs } from '../../backend/src/chaos/cgroupV1';
import { freePort } from '../../backend/src/lab/freePort';
import { LabSupervisor } from '../../backend/src/lab/labSupervisor';
import { REPO_ROOT, shopProcesses } from '../../backend/src/lab/shopLayout';

const CLI = path.join(REPO_ROOT, 'backend', 'bin', 'culprit.js');
const HOST = '127.0.0.1';
const TARGET = 'inventory';

jest.setTimeout(60_000);

describe('the local driver reverts every fault kind', () => {
  let supervisor: LabSupervisor;
  let directory: string;
  let journal: string;
  let store: string;
  let proxyPort: number;

  beforeAll(async () => {
    for (const built of ['backend/dist/cli/main.js', 'demo/dist/main.js']) {
      if (!existsSync(path.join(REPO_ROOT, built))) {
        throw new Error(`${built} is missing: run \`npm run build:backend && npm run build:demo\` (npm test does it)`);
      }
    }
    directory = mkdtempSync(path.join(os.tmpdir(), 'culprit-chaos-'));
    journal = path.join(directory, 'journal.json');
    store = path.join(directory, 'episodes.sqlite');
    // catalog calls inventory through inventory's proxy: a real call path for delay and loss.
    const { processes, ports } = await shopProcesses({ host: HOST, services: ['catalog', 'inventory'] });
    proxyPort = ports.proxy[TARGET];
    supervisor = new LabSupervisor({
      host: HOST,
      labId: `test-${process.pid}`,
      processes,
      cpuLimitCores: 0.5,
      controlPort: await freePort(HOST),
      logDir: directory,
    });
    await supervisor.start();
    await supervisor.waitHealthy(15_000);
  });

  afterAll(async () => {
    await supervisor?.stop();
    if (directory) {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  const target = (): LabServiceState => {
    const found = supervisor.state().services.find((service) => service.name === TARGET);
    if (!found) {
      throw new Error(`${TARGET} missing from the lab`);
    }
    return found;
  };

  const stressPids = async () => (await readProcs(target().chaosCgroups.cpuacct!)).length;
  const frozen = async () => (await readFreezerState(target().cgroups.freezer!)) !== 'THAWED';
  const journalEntries = (): Array<{ fault: { data: Record<string, unknown> } }> =>
    existsSync(journal) ? JSON.parse(readFileSync(journal, 'utf8')).active : [];

  /** A fault is "in place" when its effect can be seen from outside the runner. */
  const inPlace: Record<string, () => Promise<boolean>> = {
    cpu: async () => (await stressPids()) > 0,
    memory: async () => (await stressPids()) > 0,
    delay: async () => target().proxyFault.kind === 'delay',
    loss: async () => target().proxyFault.kind === 'loss',
    pause: frozen,
    kill: async () => journalEntries().some((entry) => typeof entry.fault.data.killedPid === 'number'),
  };

  const faultYaml: Record<string, string> = {
    cpu: '{kind: cpu, workers: 1}',
    memory: '{kind: memory, workers: 1, bytes: 32M}',
    delay: '{kind: delay, timeMs: 300, jitterMs: 0}',
    loss: '{kind: loss, percent: 50}',
    pause: '{kind: pause}',
    kill: '{kind: kill}',
  };

  const writePlan = (name: string, fault: string, faultSeconds: number) => {
    const file = path.join(directory, `${name}.yaml`);
    writeFileSync(
      file,
      `name: ${name}\nservices: [${TARGET}]\nfaults: [${fault}]\nfaultSeconds: ${faultSeconds}\ngapSeconds: 0\nverify: false\n`
    );
    return file;
  };

  const startRunner = (plan: string): ChildProcess =>
    spawn(
      process.execPath,
      [
        CLI,
        'campaign',
        'run',
        plan,
        '--driver',
        'local',
        '--lab-url',
        supervisor.controlUrl,
        '--store',
        store,
        '--journal',
        journal,
        '--no-progress',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    );

  const waitFor = async (what: string, condition: () => Promise<boolean>, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve(child.exitCode);
      } else {
        child.once('exit', (code) => resolve(code));
      }
    });

  /** The service answers quickly through its proxy: not frozen, not delayed, not dropped, and running. */
  const healthyThroughProxy = async () => {
    try {
      const answer = await fetch(`http://${HOST}:${proxyPort}/health`, { signal: AbortSignal.timeout(250) });
      return answer.ok && target().healthy;
    } catch {
      return false;
    }
  };

  const expectAllReverted = async () => {
    expect(await stressPids()).toBe(0);
    expect(
      spawnSync('pgrep', ['-x', 'stress-ng'])
        .stdout.toString()
        .trim()
        .split('\n')
        .filter(Boolean)
        .filter(
          (pid) =>
            existsSync(`/proc/${pid}`) &&
            readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(`culprit-lab/test-${process.pid}`)
        )
    ).toEqual([]);
    expect(await frozen()).toBe(false);
    expect(target().proxyFault).toEqual({ kind: 'none' });
    await waitFor(`${TARGET} healthy`, healthyThroughProxy);
    expect(journalEntries()).toEqual([]);
  };

  it.each(['cpu', 'memory', 'delay', 'loss', 'pause', 'kill'])(
    'reverts %s at the next start after the runner is SIGKILLed mid-episode',
    async (kind) => {
      const runner = startRunner(writePlan(`long-${kind}`, faultYaml[kind], 120));
      await waitFor(`${kind} in place`, inPlace[kind]);
      await waitFor('the journal entry of the applied fault', async () => journalEntries().length === 1);
      runner.kill('SIGKILL');
      await exited(runner);
      // Nothing reverted it yet: the fault outlives its runner (the journal is all that remembers it).
      if (kind !== 'kill') {
        expect(await inPlace[kind]()).toBe(true);
      }
      expect(journalEntries()).toHaveLength(1);

      const next = startRunner(writePlan('next', '{kind: delay, timeMs: 1, jitterMs: 0}', 1));
      expect(await exited(next)).toBe(0);
      await expectAllReverted();
    }
  );

  it.each([
    ['SIGTERM', 'cpu'],
    ['SIGINT', 'pause'],
  ])('reverts on %s without needing recovery (%s)', async (signal, kind) => {
    const runner = startRunner(writePlan(`signal-${kind}`, faultYaml[kind], 120));
    await waitFor(`${kind} in place`, inPlace[kind]);
    runner.kill(signal as NodeJS.Signals);
    expect(await exited(runner)).toBe(130);
    await expectAllReverted();
  });
});
