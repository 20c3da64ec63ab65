/**
 * The `culprit` CLI's library commands, run as a user would (the compiled bin in a child process, after
 * `npm run build:backend`): episodes add/list/import/export/delete against a store file, models list/activate,
 * and usage errors that exit 2 with a message saying what to fix.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/freePort';

const bin = path.resolve(__dirname, '../../backend/bin/culprit.js');

/** The argv of `culprit episodes add` for a cart/cpu episode, optionally with `--params`. */
function addCartCpu(start: string, end: string, params?: string): string[] {
  const argv = ['episodes', 'add', '--service', 'cart', '--fault', 'cpu', '--start', start, '--end', end];
  return params === undefined ? argv : [...argv, '--params', params];
}

describe('culprit episodes and models', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const culprit = (...args: string[]) => {
    const result = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 30_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-cli-'));
    // Prometheus is not needed by these commands; the URL points at a closed port.
    writeFileSync(
      path.join(dir, 'culprit.yaml'),
      `prometheus: { url: "http://127.0.0.1:${await freePort()}", retries: 0, timeoutMs: 500 }\nservices: [cart, orders]\ncatalogue: catalogue-lab.yaml\nstore: { path: library.sqlite }\n`
    );
    env = { ...process.env, CULPRIT_CONFIG: path.join(dir, 'culprit.yaml') };
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds, lists, exports, imports and deletes episodes', () => {
    expect(culprit(...addCartCpu('2026-11-24T03:00:00Z', '2026-11-24T03:05:00Z', '{"workers":2}'))).toMatchObject({
      code: 0,
      stdout: 'added episode 1\n',
    });
    const listed = culprit('episodes', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({
      total: 1,
      episodes: [
        {
          id: 1,
          service: 'cart',
          fault: 'cpu',
          params: { workers: 2 },
          start: Date.UTC(2026, 10, 24, 3, 0),
          end: Date.UTC(2026, 10, 24, 3, 5),
          source: 'annotation',
        },
      ],
    });

    const exported = path.join(dir, 'library.json');
    expect(culprit('episodes', 'export', '--out', exported).code).toBe(0);
    expect(JSON.parse(readFileSync(exported, 'utf8')).episodes).toHaveLength(1);
    expect(culprit('episodes', 'import', exported)).toMatchObject({
      code: 0,
      stdout: 'imported 1 episodes (ids 2..2)\n',
    });
    expect(culprit('episodes', 'list').stdout).toMatch(
      /cart\/cpu .*annotation\n.*cart\/cpu .*annotation\n2 of 2 episodes\n/s
    );

    expect(culprit('episodes', 'delete', '2')).toMatchObject({ code: 0, stdout: 'deleted episode 2\n' });
    expect(JSON.parse(culprit('episodes', 'list', '--json').stdout).total).toBe(1);
  });

  it.each([
    [addCartCpu('2026-11-24T03:05:00Z', '2026-11-24T03:00:00Z'), /end: must be after start/],
    [addCartCpu('noon', '2026-11-24T03:00:00Z'), /--start must be epoch milliseconds .* or an RFC 3339 time/],
    [addCartCpu('2026-11-24T03:00:00Z', '2026-11-24T03:05:00Z', '[1]'), /--params must be a JSON object/],
    [['episodes', 'list', '--source', 'chaos'], /--source must be one of campaign, annotation, import/],
    [['episodes', 'delete', '99'], /no episode with id 99/],
    [['episodes', 'export', '--format', 'csv'], /--format must be json or cases/],
    [
      ['models', 'train', '--name', 'm', '--classifier', 'knn'],
      /--classifier: classifier must be one of ed, dtw-d, dtw-i, minirocket/,
    ],
    [['models', 'activate', '7'], /no model with id 7/],
    [['diagnose', '--from', '2026-11-24T03:05:00Z', '--to', '2026-11-24T03:00:00Z'], /--from must be before --to/],
  ])('culprit %j exits 2 and says what to fix', (args, message) => {
    const result = culprit(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('left the library as it was after those failures', () => {
    expect(JSON.parse(culprit('episodes', 'list', '--json').stdout)).toMatchObject({ total: 1, episodes: [{ id: 1 }] });
  });

  it('says so when no model is active (exit 1: not a usage mistake)', () => {
    const result = culprit('diagnose', '--from', '2026-11-24T03:00:00Z', '--to', '2026-11-24T03:05:00Z');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no model is active: train one/);
  });

  it('names the bad key of a broken config and exits 1', () => {
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'prometheus: { url: "localhost:9090" }\nservices: [cart]\ncatalogue: catalogue-lab.yaml\n');
    const result = culprit('episodes', 'list', '--config', broken);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${broken}: prometheus.url: must use http or https`);
  });
});
