/**
 * Two processes share the store: child processes (the compiled store, as `culprit` runs it) and this test process
 * write episodes into the same file at the same time, one transaction each; the busy timeout serialises them and
 * nothing is lost. Needs `npm run build:backend`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../backend/src/store/openStore';

const compiledStore = path.resolve(__dirname, '../../backend/dist/store/openStore.js');
const PER_WRITER = 150;

const WRITER = `
const { openStore } = require(${JSON.stringify(compiledStore)});
const store = openStore(process.argv[1]);
for (let i = 0; i < ${PER_WRITER}; i++) {
  store.episodes.add({ service: process.argv[2], fault: 'cpu', start: 1e12 + i * 1000, end: 1e12 + i * 1000 + 500, source: 'campaign' });
}
store.close();
`;

describe('store shared by several processes', () => {
  let dir: string;

  beforeAll(() => {
    if (!existsSync(compiledStore)) {
      throw new Error(`${compiledStore} is missing: run \`npm run build:backend\` first`);
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-shared-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every episode written concurrently by two child processes and this one', async () => {
    const file = path.join(dir, 'culprit.sqlite');
    const store = openStore(file);
    try {
      const writers = ['writer-a', 'writer-b'].map(
        (service) =>
          new Promise<void>((resolve, reject) => {
            let stderr = '';
            const child = spawn(process.execPath, ['-e', WRITER, file, service], {
              stdio: ['ignore', 'ignore', 'pipe'],
            });
            child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
            child.once('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`${service} exited ${code}: ${stderr}`))
            );
          })
      );
      for (let i = 0; i < PER_WRITER; i++) {
        store.episodes.add({
          service: 'parent',
          fault: 'cpu',
          start: 1e12 + i * 1000,
          end: 1e12 + i * 1000 + 500,
          source: 'annotation',
        });
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(writers);
      const counts = store.db
        .prepare('SELECT service, count(*) AS n FROM episodes GROUP BY service ORDER BY service')
        .all();
      expect(counts).toEqual([
        { service: 'parent', n: PER_WRITER },
        { service: 'writer-a', n: PER_WRITER },
        { service: 'writer-b', n: PER_WRITER },
      ]);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      store.close();
    }
  }, 60_000);
});
