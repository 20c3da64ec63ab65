/**
 * `culprit import-cases` and `culprit evaluate-cases` on case folders in the RCA-benchmark convention: label
 * resolution, the walker, all-or-nothing import into a real store file, and leave-one-case-out evaluation that is high
 * on an easy generated set and near chance when its labels are shuffled. The CLI runs as a user runs it (the compiled
 * bin in a child process, after `npm run build:backend`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCaseFolders, loadCaseFolders } from '../../backend/src/cases/loadCaseFolders';
import { resolveCaseLabel } from '../../backend/src/cases/resolveCaseLabel';
import { seededRandom } from '../../backend/src/core/seededRandom';
import { openStore } from '../../backend/src/store/openStore';

const bin = path.resolve(__dirname, '../../backend/bin/culprit.js');
const fixtures = path.join(__dirname, 'fixtures/cases');
const labelsRoot = path.join(fixtures, 'labels');

const culprit = (...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('case labels', () => {
  it.each([
    ['front-end-cpu/case1', 'front-end/cpu', 'folder'],
    ['front-end-cpu/case2', 'carts/delay', 'label.json'],
    ['misc/case3', 'user-db/memory', 'label.json'],
    ['misc/case4', 'orders/loss', 'label.json'],
    ['normal/n1', 'normal', 'folder'],
    ['orders-kill/case-7', 'orders/kill', 'folder'],
  ])('%s is labelled %s from its %s', (folder, label, source) => {
    expect(resolveCaseLabel(labelsRoot, path.join(labelsRoot, folder))).toMatchObject({ label, source });
  });

  it('splits a folder name at the last dash, so services may contain dashes', () => {
    const label = resolveCaseLabel(labelsRoot, path.join(labelsRoot, 'front-end-cpu/case1'));
    expect(label).toMatchObject({ service: 'front-end', fault: 'cpu' });
  });

  it('keeps the onset of label.json', () => {
    expect(resolveCaseLabel(labelsRoot, path.join(labelsRoot, 'front-end-cpu/case2')).onset).toBe(1700000005);
  });

  it('names the folder and what to add when nothing gives a label', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'culprit_cases_'));
    try {
      mkdirSync(path.join(dir, 'plain/c1'), { recursive: true });
      expect(() => resolveCaseLabel(dir, path.join(dir, 'plain/c1'))).toThrow(/c1 has no label: add label\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('case walker', () => {
  it('finds every folder with data.csv or anomalous.csv, sorted, and ignores other files', () => {
    expect(findCaseFolders(labelsRoot).map((f) => path.relative(labelsRoot, f))).toEqual([
      'front-end-cpu/case1',
      'front-end-cpu/case2',
      'misc/case3',
      'misc/case4',
      'normal/n1',
      'orders-kill/case-7',
    ]);
  });

  it('reads the normal.csv baseline beside anomalous.csv and fills gaps', () => {
    const cases = loadCaseFolders(labelsRoot);
    const case3 = cases.find((c) => c.id === 'misc/case3');
    expect(case3?.baseline?.series.length).toBe(3);
    expect(case3?.table.featureServices).toEqual(['front-end', 'user-db', 'orders']);
    // user-db_memory is empty on the third row: interpolated between 101 and 103.
    const case1 = cases.find((c) => c.id === 'front-end-cpu/case1');
    expect(case1?.table.series.values[2 * 3 + 1]).toBeCloseTo(102, 12);
  });

  it('names the file and line of a malformed CSV', () => {
    expect(() => loadCaseFolders(path.join(fixtures, 'malformed'))).toThrow(/c2[/\\]data\.csv.*line 4/);
  });
});

describe('culprit import-cases', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-import-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const episodeCount = (file: string) => {
    const store = openStore(file, { readonly: true });
    try {
      return {
        episodes: store.episodes.count(),
        instances: (store.db.prepare('SELECT count(*) AS n FROM instances').get() as { n: number }).n,
      };
    } finally {
      store.close();
    }
  };

  it('stores the faulty cases as import episodes with their data, and skips normal windows', () => {
    const file = path.join(dir, 'library.sqlite');
    const result = culprit('import-cases', labelsRoot, '--store', file);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/imported 5 case\(s\) .*; skipped 1 normal case\(s\)/);
    const store = openStore(file, { readonly: true });
    try {
      const episodes = store.episodes.all();
      expect(episodes.map((e) => `${e.service}/${e.fault}`).sort()).toEqual([
        'carts/delay',
        'front-end/cpu',
        'orders/kill',
        'orders/loss',
        'user-db/memory',
      ]);
      const carts = episodes.find((e) => e.service === 'carts');
      expect(carts).toMatchObject({ source: 'import', start: 1700000005_000, end: 1700000015_000 });
      expect(carts?.params).toMatchObject({ casePath: 'front-end-cpu/case2', rows: 4 });
      const cached = store.instances.get(carts!.id, carts!.params.cacheKey as string);
      expect(cached?.mts).toMatchObject({ nFeatures: 3, length: 4 });
      expect(cached?.mts.values[0]).toBe(0.1);
    } finally {
      store.close();
    }
    // 5 data instances and 1 normal.csv baseline.
    expect(episodeCount(file)).toEqual({ episodes: 5, instances: 6 });
  });

  it('stores nothing when one case is malformed, and names its file and line', () => {
    const file = path.join(dir, 'library.sqlite');
    const before = episodeCount(file);
    const result = culprit('import-cases', path.join(fixtures, 'malformed'), '--store', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/c2[/\\]data\.csv.*line 4.*shipping_memory/);
    expect(episodeCount(file)).toEqual(before);
  });

  it('stores nothing when one case is not a valid episode (a reserved fault name), and names its folder', () => {
    const file = path.join(dir, 'library.sqlite');
    const before = episodeCount(file);
    const bad = path.join(dir, 'bad');
    for (const folder of ['cart-cpu/c1', 'cart-unknown/c1']) {
      mkdirSync(path.join(bad, folder), { recursive: true });
      writeFileSync(path.join(bad, folder, 'data.csv'), 'time,cart_cpu\n1,0.5\n2,0.7\n');
    }
    const result = culprit('import-cases', bad, '--store', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cart-unknown[/\\]c1: .*fault.*reserved.*nothing was imported/);
    expect(episodeCount(file)).toEqual(before);
  });

  it.each([
    [['import-cases', '/no/such/dir', '--store', 'x.sqlite'], /\/no\/such\/dir is not a folder/],
    [['import-cases', labelsRoot, '--store', 'a', '--config', 'b'], /either --store FILE or --config FILE/],
  ])('exits 2 on a usage error: %j', (args, message) => {
    const result = culprit(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

/**
 * Writes an easy, seeded case set: three services (two with dashes) × two faults, `perClass` cases each. Every case
 * has each service's cpu and latency; the culprit's cpu (fault cpu) or latency (fault delay) steps up by 4 noise
 * sd at a random row. Every other case also gets a quiet normal.csv baseline. With `shuffle`, the same series are
 * filed under a seeded permutation of their labels, so nothing links shape to label.
 */
function writeGeneratedCases(root: string, perClass: number, shuffle: boolean): void {
  const random = seededRandom(42);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const services = ['front-end', 'user-db', 'orders'];
  const faults = ['cpu', 'delay'];
  const classes = services.flatMap((s) => faults.map((f) => ({ service: s, fault: f })));
  const truths = classes.flatMap((c) => Array.from({ length: perClass }, () => c));
  const folders = truths.map((c) => `${c.service}-${c.fault}`);
  if (shuffle) {
    for (let i = folders.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [folders[i], folders[j]] = [folders[j], folders[i]];
    }
  }
  const header = ['time', ...services.flatMap((s) => [`${s}_cpu`, `${s}_latency`])].join(',');
  const rows = 40;
  truths.forEach((truth, i) => {
    const onset = 12 + Math.floor(random() * 10);
    const lines = [header];
    for (let t = 0; t < rows; t++) {
      const cells = services.flatMap((s) =>
        ['cpu', 'latency'].map((metric) => {
          const hit = s === truth.service && metric === (truth.fault === 'cpu' ? 'cpu' : 'latency') && t >= onset;
          return (10 + gauss() + (hit ? 4 : 0)).toFixed(4);
        })
      );
      lines.push([1_700_000_000 + 5 * t, ...cells].join(','));
    }
    const folder = path.join(root, folders[i], `case-${i}`);
    mkdirSync(folder, { recursive: true });
    if (i % 2 === 0) {
      writeFileSync(path.join(folder, 'data.csv'), `${lines.join('\n')}\n`);
    } else {
      writeFileSync(path.join(folder, 'anomalous.csv'), `${lines.join('\n')}\n`);
      const quiet = [header];
      for (let t = 0; t < 20; t++) {
        quiet.push([1_699_999_800 + 5 * t, ...services.flatMap(() => [10 + gauss(), 10 + gauss()])].join(','));
      }
      writeFileSync(path.join(folder, 'normal.csv'), `${quiet.join('\n')}\n`);
    }
  });
}

describe('culprit evaluate-cases', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-evaluate-'));
    writeGeneratedCases(path.join(dir, 'easy'), 5, false);
    writeGeneratedCases(path.join(dir, 'shuffled'), 5, true);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON object with service and service+fault scores and a confusion matrix', () => {
    const result = culprit('evaluate-cases', path.join(dir, 'easy'), '--classifier', 'ed', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, any>;
    expect(report).toMatchObject({
      cases: 30,
      classes: 6,
      scaledBy: { baseline: 15, znorm: 15 },
      service: { ac1: expect.any(Number), ac3: expect.any(Number), avg5: expect.any(Number) },
      serviceFault: { accuracy: expect.any(Number) },
    });
    const { labels, matrix } = report.confusion as { labels: string[]; matrix: number[][] };
    expect(labels).toContain('front-end/cpu');
    expect(matrix).toHaveLength(labels.length);
    expect(matrix.flat().reduce((s, n) => s + n, 0)).toBe(30);
    // Easy: a 4-sd step in one series of six (measured: 0.90 with ed, 1.00 with dtw-d; chance is 1/6).
    expect(report.serviceFault.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(report.service.ac1).toBeGreaterThanOrEqual(0.9);
    expect(report.service.ac3).toBe(1);
  });

  it('is near chance (1/6 for service+fault, 1/3 for the service) when the labels are shuffled', () => {
    const result = culprit('evaluate-cases', path.join(dir, 'shuffled'), '--classifier', 'dtw-d', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { serviceFault: { accuracy: number }; service: { ac1: number } };
    expect(report.serviceFault.accuracy).toBeLessThan(0.4);
    expect(report.service.ac1).toBeLessThan(0.6);
  });

  it('prints a readable table without --json', () => {
    const result = culprit('evaluate-cases', path.join(dir, 'easy'), '--classifier', 'dtw-d', '--k', '3');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/service AC@1 \/ AC@3 \/ Avg@5 +\d/);
    expect(result.stdout).toMatch(/scaling +auto \((15 by baseline, 15 by znorm|15 by znorm, 15 by baseline)\)/);
  });

  it.each([
    [['evaluate-cases', '/no/such/dir', '--classifier', 'ed'], /\/no\/such\/dir is not a folder/],
    [['evaluate-cases', labelsRoot, '--classifier', 'knn'], /argument 'knn' is invalid.*ed, dtw-d, dtw-i, minirocket/s],
    [['evaluate-cases', labelsRoot, '--classifier', 'ed', '--k', '0'], /--k must be a positive integer, got "0"/],
    [
      ['evaluate-cases', labelsRoot, '--classifier', 'dtw-d', '--window-fraction', '2'],
      /--window-fraction must be a number from 0 to 1/,
    ],
    [['evaluate-cases', labelsRoot, '--classifier', 'ed', '--learn-window'], /apply to dtw-d and dtw-i, not ed/],
    [['evaluate-cases', labelsRoot, '--classifier', 'ed', '--normalise', 'minmax'], /argument 'minmax' is invalid/],
  ])('exits 2 on a usage error: %j', (args, message) => {
    const result = culprit(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('culprit evaluate-cases on the real shop-study fixture', () => {
  it('reads every case (label.json and data.csv.gz) and names the service far above chance', () => {
    const root = path.resolve(__dirname, '../../fixtures/shop-study/cases');
    const result = culprit('evaluate-cases', root, '--classifier', 'dtw-d', '--normalise', 'baseline', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { cases: number; classes: number; service: { ac1: number } };
    expect(report.cases).toBe(findCaseFolders(root).length);
    expect(report.classes).toBeGreaterThan(40);
    // Eight answers (seven services and normal): chance is about 1/8. Measured 0.89 on 206 cases.
    expect(report.service.ac1).toBeGreaterThan(0.6);
  });
});

describe('culprit train', () => {
  it('is the models train command: same flags and help', () => {
    const top = culprit('train', '--help');
    const nested = culprit('models', 'train', '--help');
    expect(top.code).toBe(0);
    const options = (text: string) => text.slice(text.indexOf('Options:'));
    expect(options(top.stdout)).toBe(options(nested.stdout));
    expect(top.stdout).toMatch(/same as culprit models train/);
  });
});
