import { parentPort, workerData } from 'node:worker_threads';
import { NearestNeighbourSearch } from '../core/classifiers/nearestNeighbourSearch';
import { referenceData, referenceWindowCells } from './benchData';

/**
 * One worker of the multi-threaded 1-NN benchmark: it builds the same references and queries (same seed) and
 * its own search (searches keep scratch buffers, so one per thread), then on "run" answers its share of the
 * queries repeatedly until the deadline and reports how many it answered.
 */
interface WorkerInput {
  F: number;
  T: number;
  N: number;
  wpct: number;
  seed: number;
  nq: number;
  worker: number;
  workers: number;
}

const input = workerData as WorkerInput;
const { references, queries } = referenceData(input.F, input.T, input.N, input.nq, input.seed);
const search = new NearestNeighbourSearch(references, 'dtw-d', {
  windowCells: referenceWindowCells(input.T, input.wpct),
});
const mine = queries.slice(0, input.nq).filter((_, i) => i % input.workers === input.worker);
search.search(queries[input.nq]);
parentPort!.postMessage({ ready: true });
parentPort!.on('message', (message: { minSeconds: number }) => {
  const start = process.hrtime.bigint();
  let done = 0;
  let sumIdx = 0;
  do {
    for (const query of mine) {
      sumIdx += search.search(query).neighbours[0].index;
      done++;
    }
  } while (Number(process.hrtime.bigint() - start) / 1e9 < message.minSeconds);
  parentPort!.postMessage({ done, sumIdx });
});
