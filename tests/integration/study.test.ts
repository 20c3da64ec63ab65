import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

// `culprit study` on the shipped shop data set, as a user runs it: the compiled CLI in a child process.
const repoRoot = path.resolve(__dirname, '..', '..');
const cli = path.join(repoRoot, 'backend', 'bin', 'culprit.js');
const fixture = path.join(repoRoot, 'fixtures', 'shop-study', 'cases');
const shiftFixture = path.join(repoRoot, 'fixtures', 'shop-study', 'shift-cases');

interface Shares {
  ac1: number | null;
  ac3: number | null;
  avg5: number | null;
}

interface Report {
  dataset: {
    cases: number;
    faultCases: number;
    normalCases: number;
    services: string[];
    faults: string[];
    loads: Record<string, number>;
    verification: Record<'seen' | 'not-seen' | 'unchecked', number>;
  };
  classifiers: Array<{
    name: string;
    service: Shares;
    serviceFault: { accuracy: number };
    shift30: { ac1: number };
    shift60: { ac1: number };
    shifts: Array<{ shiftSeconds: number; serviceAc1: number; queries: number }>;
    unknownRecall: number;
    unknownRate: number;
    diagnoseMs: number;
    confusion: { labels: string[]; matrix: number[][] };
    misses: Array<{ case: string; truth: string; answer: string | null; culpritRank: number; verification: string }>;
  }>;
  baseline: { name: string; service: Shares; shift60: { ac1: number }; serviceFault: null };
  goals: { classifier: string; goals: Array<{ goal: string; met: boolean }> };
  shiftSet: {
    faultCases: number;
    normalCases: number;
    windowSeconds: number;
    leadSeconds: number;
    baselineSeconds: number;
    shiftsSeconds: number[];
    classifiers: Array<{
      name: string;
      service: Shares;
      shift60: { ac1: number };
      shifts: Array<{ shiftSeconds: number }>;
    }>;
    baseline: { name: string; service: Shares; shift30: { ac1: number }; shift60: { ac1: number } };
  };
}

function culprit(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('culprit study on the shop-study fixture', () => {
  let out: string;
  let report: Report;

  beforeAll(() => {
    out = mkdtempSync(path.join(os.tmpdir(), 'culprit-study-report-'));
    const run = culprit(
      'study',
      fixture,
      '--classifiers',
      'ed',
      '--shift-set',
      shiftFixture,
      '--json',
      '--out',
      out,
      '--no-progress'
    );
    if (run.status !== 0) {
      throw new Error(`culprit study exited with ${run.status}: ${run.stderr}`);
    }
    report = JSON.parse(run.stdout) as Report;
  }, 120_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('reads every service × every fault kind at least 3 times, normal windows and two load levels', () => {
    const d = report.dataset;
    expect(d.services).toEqual(['cart', 'catalog', 'gateway', 'inventory', 'orders', 'payment', 'shipping']);
    expect(d.faults).toEqual(['cpu', 'delay', 'kill', 'loss', 'memory', 'pause']);
    expect(d.faultCases).toBeGreaterThanOrEqual(7 * 6 * 3);
    expect(d.normalCases).toBeGreaterThan(0);
    expect(Object.keys(d.loads).sort()).toEqual(['base', 'high']);
  });

  it('prints one JSON object with the promised fields, shares in [0, 1]', () => {
    const [ed] = report.classifiers;
    expect(ed.name).toBe('ed');
    for (const share of [
      ed.service.ac1,
      ed.service.ac3,
      ed.service.avg5,
      ed.serviceFault.accuracy,
      ed.shift30.ac1,
      ed.shift60.ac1,
      ed.unknownRecall,
      ed.unknownRate,
    ]) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
    expect(ed.diagnoseMs).toBeGreaterThan(0);
    expect(report.baseline.name).toBe('n-sigma');
    expect(report.baseline.serviceFault).toBeNull();
    expect(report.goals.goals).toHaveLength(4);
  });

  it('is consistent with itself: the shift-0 point is AC@1, the confusion diagonal is the accuracy', () => {
    const [ed] = report.classifiers;
    expect(ed.shifts.find((p) => p.shiftSeconds === 0)?.serviceAc1).toBe(ed.service.ac1);
    const { labels, matrix } = ed.confusion;
    const total = matrix.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(report.dataset.cases);
    const hits = labels.reduce((sum, _, i) => sum + matrix[i][i], 0);
    expect(hits / total).toBeCloseTo(ed.serviceFault.accuracy, 12);
    // AC@k can only grow with k.
    expect(ed.service.ac3 as number).toBeGreaterThanOrEqual(ed.service.ac1 as number);
    // The listed misses are exactly the fault cases AC@1 counts as missed, each with its culprit ranked below first.
    expect(ed.misses).toHaveLength(Math.round((1 - (ed.service.ac1 as number)) * report.dataset.faultCases));
    for (const miss of ed.misses) {
      expect(miss.culpritRank).toBeGreaterThan(1);
      expect(miss.truth).toBe(miss.case.split('/')[0].replace('-', '/'));
    }
  });

  it("carries the campaign runner's check of each episode: seen, not seen, or unchecked (the labs' pauses)", () => {
    const { seen, 'not-seen': notSeen, unchecked } = report.dataset.verification;
    expect(seen + notSeen + unchecked).toBe(report.dataset.faultCases);
    expect(notSeen).toBeGreaterThan(0);
    expect(unchecked).toBeGreaterThanOrEqual(7 * 3);
  });

  it('names the culprit far more often than chance (1 in 7 services) on real shop data', () => {
    expect(report.classifiers[0].service.ac1 as number).toBeGreaterThan(2 / 7);
    expect(report.baseline.service.ac1 as number).toBeGreaterThan(2 / 7);
  });

  it('matches an independent N-Sigma computed here from the raw CSVs', () => {
    expect(independentNSigmaAc1(fixture, 40, 30)).toBeCloseTo(report.baseline.service.ac1 as number, 12);
  });

  it('says "unknown" for most windows of a fault kind left out of the library, at a stated false-unknown cost', () => {
    // The core's default threshold said "unknown" for 1 of 144 such windows; the in-fold leave-one-kind-out
    // calibration must do far better, and not by answering "unknown" to everything.
    const [ed] = report.classifiers;
    expect(ed.unknownRecall).toBeGreaterThan(0.5);
    expect(ed.unknownRate).toBeLessThan(0.5);
  });

  it('runs the shift protocol on the separately recorded shift set, every service × fault kind', () => {
    const s = report.shiftSet;
    expect(s.faultCases).toBe(7 * 6);
    expect(s.normalCases).toBeGreaterThan(0);
    expect(s.shiftsSeconds).toEqual([-60, -30, 0, 30, 60]);
    const [ed] = report.classifiers;
    // The ±60 s column of the main table is the shift set's.
    expect(ed.shift60.ac1).toBe(s.classifiers[0].shift60.ac1);
    expect(report.baseline.shift60.ac1).toBe(s.baseline.shift60.ac1);
    expect(s.classifiers[0].shift60.ac1).toBeGreaterThan(2 / 7);
    // N-Sigma on the long windows, recomputed here from the raw CSVs: both 60 s shifts together.
    const at = (shift: number): number =>
      independentNSigmaAc1(shiftFixture, s.windowSeconds, s.baselineSeconds, shift - s.leadSeconds);
    expect((at(-60) + at(60)) / 2).toBeCloseTo(s.baseline.shift60.ac1, 12);
    expect((at(-30) + at(30)) / 2).toBeCloseTo(s.baseline.shift30.ac1, 12);
  });

  it('writes report.json, report.md and a self-contained index.html with the plots', () => {
    const files = readdirSync(out).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'accuracy.svg',
        'confusion-ed.svg',
        'index.html',
        'report.json',
        'report.md',
        'shift.svg',
      ])
    );
    expect(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'))).toEqual(report);
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(readFileSync(path.join(out, 'shift.svg'), 'utf8')).toMatch(/shift set/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toMatch(/^\| ed \| \d\.\d{3} \|/m);
  });
});

describe('culprit study with bad input', () => {
  it.each([
    [['study', '/nonexistent/cases'], /is not a folder/],
    [['study', fixture, '--classifiers', 'dtw-x'], /unknown classifier "dtw-x"; choose from/],
    [['study', fixture, '--window-seconds', 'ten'], /--window-seconds must be a positive whole number/],
    [['study', fixture, '--shifts=-60,abc'], /--shifts must be whole seconds/],
    [['study', fixture, '--clip', '0'], /clip must be a positive finite number/],
    [['study', fixture, '--shift-set', '/nonexistent/shift-cases'], /cannot load the shift set: .*is not a folder/],
  ])('exits 2 and says what to fix for %j', (args, message) => {
    const run = culprit(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('names the short case when the data does not cover a shift', () => {
    const run = culprit('study', fixture, '--classifiers', 'ed', '--shifts=-600', '--no-progress');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/case ".+" starts [\d.]+ s too late .* export it with more data before the onset/);
  });
});

/**
 * N-Sigma written again from its definition, straight from the CSV files and labels, sharing no code with the study:
 * per feature the largest |x − μ| / max(σ, 1 % of |μ|, 1e-6) over the window (μ, σ over the baseline just before it),
 * a service scores its largest feature, the top-scored service (ties by name) is the answer. Gaps are filled linearly.
 * The window starts `offsetSeconds` after the onset.
 */
function independentNSigmaAc1(root: string, windowSeconds: number, baselineSeconds: number, offsetSeconds = 0): number {
  let hits = 0;
  let queries = 0;
  for (const classFolder of readdirSync(root)) {
    if (classFolder === 'normal') {
      continue;
    }
    for (const caseFolder of readdirSync(path.join(root, classFolder))) {
      const folder = path.join(root, classFolder, caseFolder);
      const label = JSON.parse(readFileSync(path.join(folder, 'label.json'), 'utf8')) as {
        service: string;
        onset: number;
      };
      const gz = path.join(folder, 'data.csv.gz');
      const text = existsSync(gz)
        ? gunzipSync(readFileSync(gz)).toString('utf8')
        : readFileSync(path.join(folder, 'data.csv'), 'utf8');
      const [header, ...rows] = text.trim().split('\n');
      const names = header.split(',').slice(1);
      const times = rows.map((r) => Number(r.split(',')[0]));
      const columns = names.map((_, f) =>
        fillLinear(rows.map((r) => r.split(',')[f + 1]).map((v) => (v === '' ? NaN : Number(v))))
      );
      const step = times[1] - times[0];
      const start = Math.round((label.onset + offsetSeconds - times[0]) / step);
      const w = windowSeconds / step;
      const b = baselineSeconds / step;
      const score = new Map<string, number>();
      names.forEach((name, f) => {
        const base = columns[f].slice(start - b, start);
        const mean = base.reduce((a, v) => a + v, 0) / base.length;
        const sd = Math.sqrt(base.reduce((a, v) => a + (v - mean) ** 2, 0) / base.length);
        const scale = Math.max(sd, 0.01 * Math.abs(mean), 1e-6);
        const moved = Math.max(...columns[f].slice(start, start + w).map((v) => Math.abs(v - mean) / scale));
        const service = name.slice(0, name.indexOf('_'));
        score.set(service, Math.max(score.get(service) ?? 0, moved));
      });
      const top = [...score.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0][0];
      hits += top === label.service ? 1 : 0;
      queries++;
    }
  }
  return hits / queries;
}

function fillLinear(values: number[]): number[] {
  const known = values.map((v, i) => (Number.isNaN(v) ? -1 : i)).filter((i) => i >= 0);
  return values.map((v, i) => {
    if (!Number.isNaN(v)) {
      return v;
    }
    const before = known.filter((k) => k < i).pop();
    const after = known.find((k) => k > i);
    if (before === undefined) {
      return values[after as number];
    }
    if (after === undefined) {
      return values[before];
    }
    return values[before] + ((values[after] - values[before]) * (i - before)) / (after - before);
  });
}
