import { createDtwScratch } from '../core/distances/dtwDistance';
import { dtwKernel } from '../core/distances/dtwKernel';
import {
  NearestNeighbourSearch,
  type SearchStats,
  type SearchTuning,
} from '../core/classifiers/nearestNeighbourSearch';
import type { Mts } from '../core/types';
import { bandCells, referenceData, referenceWindowCells } from './benchData';
import { WasmDtw } from '../core/distances/wasmDtwKernel';
import { median, readClock, since, wallSeconds } from './benchClock';

/** Full (never abandoned) DTW_D timing, pairs (query 0, reference p mod N) as in the C reference. */
export interface FullDtwFigures {
  readonly F: number;
  readonly T: number;
  readonly wpct: number;
  readonly w: number;
  readonly bandCells: number;
  readonly nsPerCell: number;
  readonly nsPerCellCpu: number;
  /** Sum of the DTW of query 0 against references 0..2: equals the C reference's `chk_full` bit for bit. */
  readonly chkFull: number;
}

export function measureFullDtw(
  F: number,
  T: number,
  N: number,
  wpct: number,
  seed: number,
  minSeconds: number,
  repeats: number,
  kernel: 'wasm' | 'js' | 'single'
): FullDtwFigures {
  const { references, queries } = referenceData(F, T, N, 0, seed);
  const w = referenceWindowCells(T, wpct);
  const rows = createDtwScratch(T);
  const q = queries[0];
  let run = (r: Mts, _k: number) =>
    dtwKernel(q.values, T, r.values, T, F, 0, F, w, Infinity, null, 0, 0, rows.rowA, rows.rowB);
  if (kernel === 'single') {
    // The screening kernel on zero-padded float copies: same pairs, not bit-identical (see `distanceSingle`).
    const stride = (F + 3) & ~3;
    const wasm = WasmDtw.create((N + 1) * T * stride * 4 + 4 * (T + 4) * 8 + 65536);
    if (!wasm) {
      throw new Error('WebAssembly SIMD is not available in this Node.js');
    }
    const copy = (values: Float64Array) => {
      const at = wasm.allocate((T * stride + 1) >> 1) * 2;
      for (let t = 0; t < T; t++) {
        for (let f = 0; f < F; f++) {
          wasm.f32[at + t * stride + f] = values[t * F + f];
        }
      }
      return at;
    };
    const offsets = references.map((r) => copy(r.values));
    const query = copy(q.values);
    const prev = wasm.allocate(T + 2);
    const curr = wasm.allocate(T + 2);
    run = (_r: Mts, k: number) =>
      wasm.distanceSingle(query, T, offsets[k], T, stride, stride >> 2, w, Infinity, -1, 0, 0, prev, curr);
  } else if (kernel === 'wasm') {
    const wasm = WasmDtw.create((N + 1) * T * F * 8 + 4 * (T + 4) * 8);
    if (!wasm) {
      throw new Error('WebAssembly SIMD is not available in this Node.js');
    }
    const offsets = references.map((r) => {
      const at = wasm.allocate(r.values.length);
      wasm.f64.set(r.values, at);
      return at;
    });
    const query = wasm.allocate(q.values.length);
    wasm.f64.set(q.values, query);
    const prev = wasm.allocate(T + 2);
    const curr = wasm.allocate(T + 2);
    run = (_r: Mts, k: number) => wasm.distance(query, T, offsets[k], T, F, 0, F, w, Infinity, -1, 0, 0, prev, curr);
  }
  let chkFull = 0;
  for (let k = 0; k < 3 && k < N; k++) {
    chkFull += run(references[k], k);
  }
  const cells = bandCells(T, w);
  const warmUntil = wallSeconds() + 0.2;
  for (let p = 0; wallSeconds() < warmUntil; p++) {
    run(references[p % N], p % N);
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    let pairs = 0;
    let sink = 0;
    const start = readClock();
    const until = start.wall + minSeconds;
    do {
      sink += run(references[pairs % N], pairs % N);
      pairs++;
    } while (wallSeconds() < until || pairs < 3);
    const elapsed = since(start);
    if (sink === -1) {
      throw new Error('unreachable');
    }
    wall.push((elapsed.wall * 1e9) / (pairs * cells));
    cpu.push((elapsed.cpu * 1e9) / (pairs * cells));
  }
  return { F, T, wpct, w, bandCells: cells, nsPerCell: median(wall), nsPerCellCpu: median(cpu), chkFull };
}

/** 1-NN DTW_D search timing over nq queries against N references. */
export interface NearestFigures {
  readonly F: number;
  readonly T: number;
  readonly N: number;
  readonly wpct: number;
  readonly variant: string;
  readonly qps: number;
  readonly qpsCpu: number;
  /** Sum of the nearest distances and of the nearest indices over the queries: equal to the C reference's. */
  readonly sumNn: number;
  readonly sumIdx: number;
  /** 1-NN accuracy over the queries (sine classes; meaningless for random walks, which have one label). */
  readonly accuracy: number;
  /** Share of references never given to the DTW kernel (pruned by a lower bound or the sorted scan). */
  readonly prunedShare: number;
  /** Share of the DTW runs that were abandoned early. */
  readonly abandonedShare: number;
  /** Share of the DTW runs that the single-precision screen ended (no double-precision run needed). */
  readonly screenedOutShare: number;
  readonly stats: SearchStats;
}

export function measureNearest(
  F: number,
  T: number,
  N: number,
  wpct: number,
  seed: number,
  nq: number,
  minSeconds: number,
  repeats: number,
  variant: string,
  tuning: SearchTuning,
  data: 0 | 1 = 0
): NearestFigures {
  const { references, queries, referenceLabels, queryLabels } = referenceData(F, T, N, nq, seed, data);
  const w = referenceWindowCells(T, wpct);
  const search = new NearestNeighbourSearch(references, 'dtw-d', { windowCells: w }, tuning);
  const warm = readClock();
  const warmSearch = new NearestNeighbourSearch(
    references.slice(0, Math.min(N, 20)),
    'dtw-d',
    { windowCells: w },
    tuning
  );
  while (since(warm).wall < 0.2) {
    warmSearch.search(queries[nq]);
  }
  let sumNn = 0;
  let sumIdx = 0;
  let correct = 0;
  search.resetStats();
  for (let i = 0; i < nq; i++) {
    const [nearest] = search.search(queries[i]).neighbours;
    sumNn += nearest.distance;
    sumIdx += nearest.index;
    correct += referenceLabels[nearest.index] === queryLabels[i] ? 1 : 0;
  }
  const stats = { ...search.stats };
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    let done = 0;
    const start = readClock();
    const until = start.wall + minSeconds;
    do {
      for (let i = 0; i < nq; i++) {
        search.search(queries[i]);
        done++;
      }
    } while (wallSeconds() < until);
    const elapsed = since(start);
    wall.push(done / elapsed.wall);
    cpu.push(done / elapsed.cpu);
  }
  const pruned = stats.prunedByKim + stats.prunedByKeoghQuery + stats.prunedByKeoghReference + stats.prunedBySortedScan;
  return {
    F,
    T,
    N,
    wpct,
    variant,
    qps: median(wall),
    qpsCpu: median(cpu),
    sumNn,
    sumIdx,
    accuracy: correct / nq,
    prunedShare: pruned / (stats.candidates + stats.prunedBySortedScan),
    abandonedShare: stats.distanceRuns === 0 ? 0 : stats.abandoned / stats.distanceRuns,
    screenedOutShare: stats.distanceRuns === 0 ? 0 : stats.screenedOut / stats.distanceRuns,
    stats,
  };
}
