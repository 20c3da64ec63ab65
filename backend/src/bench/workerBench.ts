import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Queries per second of the 1-NN search spread over `workers` threads (each answers a share of the queries). */
export async function measureNearestWorkers(
  F: number,
  T: number,
  N: number,
  wpct: number,
  seed: number,
  nq: number,
  minSeconds: number,
  workers: number
): Promise<{ workers: number; qps: number }> {
  const script = path.join(__dirname, 'nnWorker.js');
  const pool = Array.from(
    { length: workers },
    (_, worker) => new Worker(script, { workerData: { F, T, N, wpct, seed, nq, worker, workers } })
  );
  try {
    await Promise.all(
      pool.map((w) => new Promise((resolve, reject) => w.once('message', resolve).once('error', reject)))
    );
    const start = process.hrtime.bigint();
    const results = await Promise.all(
      pool.map(
        (w) =>
          new Promise<{ done: number }>((resolve, reject) => {
            w.once('message', resolve).once('error', reject);
            w.postMessage({ minSeconds });
          })
      )
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { workers, qps: results.reduce((s, r) => s + r.done, 0) / seconds };
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
