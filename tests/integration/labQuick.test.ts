/**
 * The lab end to end, shrunk to about two minutes: the shop as processes under load, a real Prometheus, a campaign
 * with the local driver (two services x two fault kinds x two repetitions), then a model trained and cross-validated
 * on the episodes. Checks the store, the symptom checks, the model and its evaluation, the report, and that nothing
 * is left running. `npm run lab -- --quick` is the same with the CI-sized plan (plans/lab-quick.yaml).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runLab } from '../../backend/src/lab/runLab';
import { openStore } from '../../backend/src/store/openStore';

jest.setTimeout(300_000);

describe('npm run lab with a tiny plan', () => {
  let directory: string;
  const lines: string[] = [];
  let exitCode: number;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'culprit-lab-test-'));
    const plan = path.join(directory, 'tiny.yaml');
    writeFileSync(
      plan,
      [
        'name: tiny',
        'seed: 3',
        'services: [catalog, payment]',
        'faults: [{kind: cpu, workers: 1}, {kind: pause}]',
        'repetitions: 2',
        'faultSeconds: 6',
        'gapSeconds: 5',
        'settleSeconds: 6',
        'rateInterval: 4s',
        '',
      ].join('\n')
    );
    exitCode = await runLab({
      quick: false,
      plan,
      directory: path.join(directory, 'run'),
      journeysPerSecond: 4,
      log: (line) => lines.push(line),
    });
  });

  afterAll(() => {
    if (directory) {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('finishes with exit code 0 and prints the evaluation and where the store and the report are', () => {
    expect({ exitCode, log: lines.join('\n') }).toMatchObject({ exitCode: 0 });
    const log = lines.join('\n');
    expect(log).toMatch(/AC@1 \d+\.\d %, AC@3 \d+\.\d %, Avg@5 \d+\.\d %/);
    expect(log).toContain(`stored and active in ${path.join(directory, 'run', 'culprit.sqlite')}`);
    expect(log).toContain(`report ${path.join(directory, 'run', 'report.md')}`);
  });

  it('recorded every episode in the store, with its parameters and a symptom check', () => {
    const store = openStore(path.join(directory, 'run', 'culprit.sqlite'), { readonly: true });
    try {
      const episodes = store.episodes.all();
      expect(episodes).toHaveLength(8);
      expect(new Set(episodes.map((episode) => `${episode.service}/${episode.fault}`))).toEqual(
        new Set(['catalog/cpu', 'catalog/pause', 'payment/cpu', 'payment/pause'])
      );
      for (const episode of episodes) {
        expect(episode.source).toBe('campaign');
        expect(episode.params).toMatchObject({ driver: 'local', campaign: 'tiny' });
        expect(episode.end - episode.start).toBeGreaterThanOrEqual(6_000);
      }
      // cpu (stress in the cgroup) and pause (failed scrapes) are unmistakable; allow two misses, which a machine
      // shared with other heavy jobs causes (stress starved of CPU, scrapes timing out before the fault).
      const missed = episodes
        .filter((episode) => episode.params.verified !== true)
        .map((episode) => `${episode.service}/${episode.fault}: ${episode.notes}`);
      expect(missed.length <= 2 ? [] : missed).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('trained an active model with a cross-validated evaluation over the fault classes and normal windows', () => {
    const store = openStore(path.join(directory, 'run', 'culprit.sqlite'), { readonly: true });
    try {
      const model = store.models.active();
      expect(model).toBeDefined();
      const evaluation = store.models.evaluation(model!.id);
      expect(evaluation?.labels).toEqual(
        expect.arrayContaining(['catalog/cpu', 'catalog/pause', 'payment/cpu', 'payment/pause'])
      );
      expect(evaluation?.instances).toBeGreaterThanOrEqual(8);
      const confusionTotal = evaluation!.confusion.flat().reduce((sum, count) => sum + count, 0);
      expect(confusionTotal).toBe(evaluation!.instances);
    } finally {
      store.close();
    }
    expect(readFileSync(path.join(directory, 'run', 'report.md'), 'utf8')).toContain('Confusion matrix');
  });

  it('leaves nothing running: no lab cgroup, Prometheus stopped', async () => {
    expect(existsSync(path.join('/sys/fs/cgroup/freezer/culprit-lab', `lab-${process.pid}`))).toBe(false);
    const prometheusUrl = /Prometheus at (http:\/\/[\d.:]+)/.exec(lines.join('\n'))?.[1];
    expect(prometheusUrl).toBeDefined();
    const { hostname, port } = new URL(prometheusUrl!);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(port), hostname);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    expect(open).toBe(false);
  });
});
