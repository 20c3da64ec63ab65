import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../backend/src/cli/main';

const repoRoot = path.resolve(__dirname, '..', '..');
const ucr = path.join(repoRoot, '..', 'shared', 'data', 'ucr');

/** Runs the CLI in-process and captures what it writes. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    process.exitCode = undefined;
    const code = await main(['node', 'culprit', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

const files = (name: string) => [
  '--train',
  path.join(ucr, name, `${name}_TRAIN.tsv`),
  '--test',
  path.join(ucr, name, `${name}_TEST.tsv`),
];

describe('culprit evaluate-files', () => {
  it.each([
    ['ItalyPowerDemand', 'ed', [], 0.0447, 0],
    ['ItalyPowerDemand', 'dtw-d', ['--window-fraction', '1'], 0.0496, 1],
    ['Coffee', 'dtw-i', [], 0, 0.1],
  ])(
    'prints one JSON object with the published error rate (%s, %s %p)',
    async (name, classifier, extra, errorRate, windowFraction) => {
      const { code, stdout } = await run(
        'evaluate-files',
        ...files(name),
        '--classifier',
        classifier,
        ...extra,
        '--json'
      );
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(Math.round(report.errorRate * 1e4) / 1e4).toBe(errorRate);
      expect(report).toMatchObject({
        classifier,
        windowFraction,
        trainSize: expect.any(Number),
        testSize: expect.any(Number),
      });
      expect(report.accuracy + report.errorRate).toBeCloseTo(1, 12);
      expect(report.seconds).toBeGreaterThan(0);
    }
  );

  it('prints a table by default', async () => {
    const { code, stdout } = await run('evaluate-files', ...files('Coffee'), '--classifier', 'ed');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^classifier\s+ed$/m);
    expect(stdout).toMatch(/^error rate\s+0\.0000$/m);
  });

  it.each([
    [['--classifier', 'dtw-d', '--window-fraction', '1.5'], '--window-fraction must be a number from 0 to 1'],
    [
      ['--classifier', 'dtw-d', '--window-fraction', '0.1', '--learn-window'],
      'either --window-fraction or --learn-window',
    ],
    [['--classifier', 'minirocket', '--k', '3'], '--k and --reject-unknown apply to the nearest-neighbour classifiers'],
    [['--classifier', 'dtw-d', '--k', 'two'], '--k must be a positive integer, got "two"'],
    [['--classifier', 'lcss'], "argument 'lcss' is invalid"],
  ])('exits 2 and explains bad flags %p', async (flags, message) => {
    const { code, stderr } = await run('evaluate-files', ...files('Coffee'), ...flags);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('exits 1 naming the file, line and reason of a malformed training file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-eval-'));
    try {
      const bad = path.join(dir, 'bad.tsv');
      writeFileSync(bad, '1\t0.5\t0.7\n2\t0.1\toops\n');
      const { code, stderr } = await run('evaluate-files', '--train', bad, '--test', bad, '--classifier', 'ed');
      expect(code).toBe(1);
      expect(stderr).toContain(`${bad}: line 2: value 2 (field 3): "oops" is not a number`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
