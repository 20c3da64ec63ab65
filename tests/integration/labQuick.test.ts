/**
 * `npm run lab -- --quick` as a user runs it (issue 6): spawned through npm in its own process group, it starts the shop
 * as processes under load, a real Prometheus, runs the campaign of plans/lab-quick.yaml with the local driver, then
 * trains a DTW model and cross-validates it. Checked: the exit code, the printed evaluation and wall time, the store,
 * the report, and that nothing of the lab is left running (no process of its group or in its cgroups, no cgroup, so
 * no frozen service and no stress-ng; Prometheus and the lab supervisor closed). The closing log line gives the wall
 * time, the machine's load and the evaluation figures.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { labPrerequisites } from '../../backend/src/lab/runLab';
import { SHOP_MAIN } from '../../backend/src/lab/shopLayout';
import { openStore } from '../../backend/src/store/openStore';

const ROOT = path.resolve(__dirname, '../..');
const QUICK_PLAN = path.join(ROOT, 'plans/lab-quick.yaml');
const plan = parse(readFileSync(QUICK_PLAN, 'utf8')) as {
  services: string[];
  faults: Array<{ kind: string }>;
  repetitions: number;
};
/** The quick plan's classes: every (service, fault) it injects. */
const QUICK_LABELS = plan.services.flatMap((service) => plan.faults.map((fault) => `${service}/${fault.kind}`));
const QUICK_EPISODES = QUICK_LABELS.length * plan.repetitions;

// `npm test` builds the backend and the plugin, not the shop: build it here when it is missing (a few seconds).
if (!existsSync(SHOP_MAIN)) {
  spawnSync('npm', ['run', '--silent', 'build:demo'], { cwd: ROOT, stdio: 'inherit' });
}
const problems = labPrerequisites();
const describeIfLab = problems.length === 0 ? describe : describe.skip;
if (problems.length > 0) {
  console.warn(`skipping the quick lab: ${problems.join('; ')}`);
}

/** What `npm run lab -- --quick` did: its exit, its log lines, and what they say about where things ran. */
interface QuickLab {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly log: string;
  readonly wallSeconds: number;
  readonly loadBefore: string;
  readonly loadAfter: string;
  readonly processGroup: number;
}

/** Spawns `npm run lab -- --quick --dir DIR` in its own process group and resolves when it exits. */
function runQuickLab(directory: string, abort: { stop?: () => Promise<void> }): Promise<QuickLab> {
  const started = Date.now();
  const loadBefore = os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  let log = '';
  // Its own process group: the test can then tell whether anything the lab started (the shop, Prometheus, stress-ng
  // started by the driver) outlives it, and can stop the whole group if the test is interrupted.
  const child = spawn('npm', ['run', '--silent', 'lab', '--', '--quick', '--dir', directory], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // SIGINT as Ctrl-C would: the lab reverts the fault in progress and stops everything. Wait for it (bounded): a lab
  // whose output pipe closes while it still logs dies of EPIPE before it has stopped the shop.
  abort.stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  };
  return new Promise((resolve) => {
    child.once('close', (exitCode, signal) =>
      resolve({
        exitCode,
        signal,
        log,
        wallSeconds: (Date.now() - started) / 1000,
        loadBefore,
        loadAfter: os
          .loadavg()
          .map((value) => value.toFixed(1))
          .join(' '),
        processGroup: child.pid!,
      })
    );
  });
}

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Processes (pid and command line) whose cgroups lie under the lab's `culprit-lab/<id>` folders. */
function processesInLabCgroups(labId: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(`/culprit-lab/${labId}/`)) {
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
      }
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

function processGroupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

describeIfLab('npm run lab -- --quick', () => {
  let dir: string;
  let runDir: string;
  let lab: QuickLab;
  const abort: { stop?: () => Promise<void> } = {};

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-lab-quick-'));
    runDir = path.join(dir, 'run');
    lab = await runQuickLab(runDir, abort);
    console.log(
      `npm run lab -- --quick: exit ${lab.exitCode}, wall time ${lab.wallSeconds.toFixed(0)} s (load average ${lab.loadBefore} before, ${lab.loadAfter} after)\n` +
        lab.log
          .split('\n')
          .filter((line) => /evaluation|accuracy|AC@1|flagged|wall time/.test(line))
          .join('\n')
    );
  }, 900_000);

  afterAll(async () => {
    await abort.stop?.();
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 70_000);

  /** A value the lab printed, found with `pattern`'s first group. */
  const printed = (pattern: RegExp): string => {
    const match = pattern.exec(lab.log);
    if (!match) {
      throw new Error(`the lab did not print ${pattern}; its output:\n${lab.log.slice(-4000)}`);
    }
    return match[1];
  };

  it('exits 0 and prints the evaluation, the wall time and where the store and the report are', () => {
    expect({ exitCode: lab.exitCode, signal: lab.signal, log: lab.log.slice(-4000) }).toMatchObject({
      exitCode: 0,
      signal: null,
    });
    expect(lab.log).toContain(`campaign "lab-quick" from plans/lab-quick.yaml`);
    expect(lab.log).toMatch(/AC@1 \d+\.\d %, AC@3 \d+\.\d %, Avg@5 \d+\.\d %/);
    expect(lab.log).toContain(`stored and active in ${path.join(runDir, 'culprit.sqlite')}`);
    expect(lab.log).toContain(`report ${path.join(runDir, 'report.md')}`);
    expect(lab.log).toMatch(/wall time \d+s\./);
  });

  it('recorded every episode of the quick plan in the store, with its parameters and a symptom check', () => {
    const store = openStore(path.join(runDir, 'culprit.sqlite'), { readonly: true });
    try {
      const episodes = store.episodes.all();
      expect(episodes).toHaveLength(QUICK_EPISODES);
      expect(new Set(episodes.map((episode) => `${episode.service}/${episode.fault}`))).toEqual(new Set(QUICK_LABELS));
      for (const episode of episodes) {
        expect(episode.source).toBe('campaign');
        expect(episode.params).toMatchObject({ driver: 'local', campaign: 'lab-quick' });
      }
      // Each fault's symptom (CPU in the cgroup, callers' latency, failed scrapes) was seen in the metrics. Allow a
      // sixth to be missed: on a 2-core machine shared with other heavy jobs, stress can be starved of CPU.
      const missed = episodes
        .filter((episode) => episode.params.verified !== true)
        .map((episode) => `${episode.service}/${episode.fault}: ${episode.notes}`);
      expect(missed.length <= QUICK_EPISODES / 6 ? [] : missed).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('trained an active model, cross-validated over every fault class and normal windows, better than chance', () => {
    const store = openStore(path.join(runDir, 'culprit.sqlite'), { readonly: true });
    try {
      const model = store.models.active();
      expect(model).toBeDefined();
      expect(lab.log).toContain(`model ${model!.id} stored and active`);
      const evaluation = store.models.evaluation(model!.id)!;
      expect(evaluation.labels).toEqual(expect.arrayContaining([...QUICK_LABELS, 'normal']));
      expect(evaluation.instances).toBeGreaterThanOrEqual(QUICK_EPISODES + 2);
      const confusionTotal = evaluation.confusion.flat().reduce((sum, count) => sum + count, 0);
      expect(confusionTotal).toBe(evaluation.instances);
      // Chance for AC@3 is 3 classes out of 10; a model that learned nothing from the shapes stays near it.
      expect(evaluation.ac3).toBeGreaterThan(3 / evaluation.labels.length);
      expect(printed(/AC@3 (\d+\.\d) %/)).toBe((100 * evaluation.ac3).toFixed(1));
    } finally {
      store.close();
    }
    const report = readFileSync(path.join(runDir, 'report.md'), 'utf8');
    expect(report).toContain('Confusion matrix');
    expect(report.match(/^\| \d+ \| /gm)).toHaveLength(QUICK_EPISODES);
  });

  it('leaves nothing running: no process of its group, none in its cgroups, no cgroup, Prometheus and the supervisor closed', async () => {
    const labId = printed(/\(lab id (lab-\d+)\)/);
    expect(processGroupAlive(lab.processGroup)).toBe(false);
    expect(processesInLabCgroups(labId)).toEqual([]);
    const leftCgroups = readdirSync('/sys/fs/cgroup')
      .map((controller) => path.join('/sys/fs/cgroup', controller, 'culprit-lab', labId))
      .filter((folder) => existsSync(folder));
    expect(leftCgroups).toEqual([]);
    expect(await portOpen(printed(/Prometheus at (http:\/\/[\d.:]+)/))).toBe(false);
    expect(await portOpen(printed(/under (http:\/\/[\d.:]+)/))).toBe(false);
  });
});
