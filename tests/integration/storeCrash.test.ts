/**
 * Crash safety of the store: a second process writes models (large classifier JSON, in one transaction) and is
 * killed with SIGKILL in the middle; the store still opens, passes SQLite's integrity check, holds every episode
 * committed before, holds nothing of the killed transaction, and takes new writes. Uses the compiled store
 * (`npm run build:backend`) in the child, as `culprit` itself would run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type CulpritStore } from '../../backend/src/store/openStore';

const compiledStore = path.resolve(__dirname, '../../backend/dist/store/openStore.js');

/** The child: opens the same file, then inside one transaction adds an episode and models of ~5 MB each, forever (and says so after 9). */
const CHILD = `
const { openStore } = require(${JSON.stringify(compiledStore)});
const store = openStore(process.argv[1]);
const big = { format: 'culprit-classifier', state: Array.from({ length: 500000 }, (_, i) => i * 1.5) };
const catalogue = { name: 'lab', services: ['cart'], features: [], stepSeconds: 15, baselineSeconds: 600, length: 41 };
store.db.transaction(() => {
  store.episodes.add({ service: 'doomed', fault: 'cpu', start: 1, end: 2, source: 'campaign' });
  for (let i = 0; ; i++) {
    store.models.add({ name: 'doomed', classifierKind: 'dtw-d', catalogueHash: 'h', catalogue, settings: {}, classifier: big, training: [], evaluation: null }, true);
    // Synchronous: this thread never returns to the event loop, so an async stdout write would never flush.
    if (i === 8) require('node:fs').writeSync(1, 'writing\\n');
  }
})();
`;

describe('store crash safety', () => {
  let dir: string;
  let store: CulpritStore;

  beforeAll(() => {
    if (!existsSync(compiledStore)) {
      throw new Error(`${compiledStore} is missing: run \`npm run build:backend\` first`);
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-crash-'));
  });

  afterAll(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every committed episode when a writer is SIGKILLed mid-transaction', async () => {
    const file = path.join(dir, 'culprit.sqlite');
    store = openStore(file);
    const before = store.episodes.addMany(
      Array.from({ length: 50 }, (_, i) => ({
        service: `svc${i % 5}`,
        fault: 'cpu',
        start: 1e12 + i * 1000,
        end: 1e12 + i * 1000 + 500,
        source: 'campaign' as const,
      }))
    );
    const committedModel = store.models.add(
      {
        name: 'kept',
        classifierKind: 'ed',
        catalogueHash: 'h',
        catalogue: { name: 'lab', services: [], features: [], stepSeconds: 15, baselineSeconds: 600, length: 41 },
        settings: {},
        classifier: { x: 1 },
        training: [],
        evaluation: null,
      },
      true
    );

    // The parent keeps its connection open while the child writes: two processes share the file.
    const child = spawn(process.execPath, ['-e', CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('writing') && resolve());
      child.once('exit', (code) => reject(new Error(`the writer exited (${code}) before it was killed: ${stderr}`)));
    });
    const walBytes = () => (existsSync(`${file}-wal`) ? require('node:fs').statSync(`${file}-wal`).size : 0);
    expect(walBytes()).toBeGreaterThan(1_000_000); // uncommitted pages really reached the disk
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal))
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // The parent's open connection still reads and writes.
    expect(store.episodes.count()).toBe(before.length);
    store.episodes.add({ service: 'after', fault: 'cpu', start: 5, end: 6, source: 'annotation' });
    store.close();

    // A fresh open (recovery from the WAL) sees exactly the committed state.
    store = openStore(file);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const episodes = store.episodes.all();
    expect(episodes.map((episode) => episode.id)).toEqual(expect.arrayContaining(before.map((episode) => episode.id)));
    expect(episodes.filter((episode) => episode.service === 'doomed')).toEqual([]);
    expect(episodes).toHaveLength(before.length + 1);
    expect(store.models.list().map((model) => model.name)).toEqual(['kept']);
    expect(store.models.active()?.id).toBe(committedModel.id);
  }, 60_000);
});
