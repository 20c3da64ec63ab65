import { createDtwScratch, dtwIndependentUnchecked, type DtwScratch } from '../distances/dtwDistance';
import { dtwKernel } from '../distances/dtwKernel';
import type { DistanceName } from '../distances/distanceRegistry';
import { euclideanUnchecked } from '../distances/euclideanDistance';
import { windowCellsFor } from '../distances/windowCells';
import { computeEnvelope, type Envelope } from '../lower-bounds/envelope';
import { lbKeogh, suffixSums } from '../lower-bounds/lbKeogh';
import { lbKim } from '../lower-bounds/lbKim';
import { WasmDtw } from '../distances/wasmDtwKernel';
import type { Mts } from '../types';

/** How the search may prune; every combination gives the same (exact) answer, only the speed differs. */
export interface SearchTuning {
  /** Use LB_Kim and LB_Keogh (both directions) to skip references. Default true. */
  readonly lowerBounds?: boolean;
  /**
   * Visit references in increasing lower bound (LB_Kim, then LB_Keogh of the query against the reference
   * envelopes, computed for all), so a tight best-so-far is found early and the scan stops at the first
   * reference whose bound reaches it. Default true; false visits references in index order.
   */
  readonly sortByLowerBound?: boolean;
  /** Feed LB_Keogh's per-step contributions to the DTW kernel so it prunes cells and rows earlier. Default true. */
  readonly suffixBound?: boolean;
  /**
   * Run DTW in the WebAssembly SIMD kernel (`wasmDtwKernel.ts`, bit-identical to the C reference) where the
   * runtime supports it, the references copied into its memory once. Default true; false uses the JavaScript
   * kernel (with full PrunedDTW cell pruning).
   */
  readonly wasm?: boolean;
  /**
   * Stop computing LB_Keogh while it does not pay: after 64 tries, if it pruned fewer than 5 % of the candidates
   * it was tried on, it is only sampled on one candidate in 32 (and no longer used to sort the scan) until it
   * pays again. On series where the envelopes are wide (many noisy features) LB_Keogh costs more than it saves;
   * on smooth series it prunes most candidates and stays on. Never changes the answer. Default true.
   */
  readonly adaptiveBounds?: boolean;
}

/** Where the references, query and scratch rows live inside the WebAssembly memory. */
interface WasmLayout {
  readonly kernel: WasmDtw;
  readonly references: Int32Array;
  query: number;
  queryCapacity: number;
  readonly prev: number;
  readonly curr: number;
  readonly rest: number;
}

/** Counters since construction (or the last `resetStats`), for benchmarks and for "pruned share" figures. */
export interface SearchStats {
  candidates: number;
  /** Pruned by the first bound: LB_Kim, or max(LB_Kim, LB_Keogh of the query) when the scan is sorted. */
  prunedByKim: number;
  prunedByKeoghQuery: number;
  prunedByKeoghReference: number;
  /** Candidates skipped without any bound computed because the sorted scan stopped early. */
  prunedBySortedScan: number;
  distanceRuns: number;
  abandoned: number;
}

/** One neighbour found: training index and (squared) distance. */
export interface NeighbourHit {
  readonly index: number;
  readonly distance: number;
}

/** What one search returns. */
export interface SearchResult {
  /** The k nearest references, nearest first; ties go to the lower index. */
  readonly neighbours: NeighbourHit[];
  /** With `classOf`: the nearest distance per class (`Infinity` for a class with no reference searched). */
  readonly classNearest?: Float64Array;
}

/** Per-query options. */
export interface SearchOptions {
  /** How many neighbours (default 1). */
  readonly k?: number;
  /** A reference index to leave out (leave-one-out on the training set). */
  readonly exclude?: number;
  /** Class index of each reference; the search then also returns the exact nearest distance per class. */
  readonly classOf?: Int32Array;
  readonly nClasses?: number;
}

const EMPTY_STATS = (): SearchStats => ({
  candidates: 0,
  prunedByKim: 0,
  prunedByKeoghQuery: 0,
  prunedByKeoghReference: 0,
  prunedBySortedScan: 0,
  distanceRuns: 0,
  abandoned: 0,
});

/**
 * Exact k-nearest-neighbour search over a fixed set of references under ED, DTW_D or DTW_I.
 *
 * The cascade: LB_Kim (first and last points), LB_Keogh of the query against each reference's envelope
 * (envelopes computed once here), LB_Keogh of the reference against the query's envelope, then the DTW
 * kernel with early abandoning and PrunedDTW-style cell pruning, given the best-so-far and the suffix of
 * the tighter LB_Keogh. Nothing prunes a reference that could enter the answer, so the result equals a
 * brute-force scan: ties between equal distances go to the lower reference index whatever the visiting order.
 *
 * Not thread-safe (it reuses scratch buffers); use one per worker.
 */
export class NearestNeighbourSearch {
  readonly distance: DistanceName;
  readonly nFeatures: number;
  /** The common length, or -1 when the references differ in length (then only LB_Kim applies). */
  readonly length: number;
  /** Band in cells for equally long series (`-1` when lengths differ: computed per pair from the fraction). */
  readonly windowCells: number;
  private readonly windowFraction: number;
  private readonly references: readonly Mts[];
  private readonly envelopes: Envelope[] | null;
  private readonly tuning: Required<SearchTuning>;
  private readonly rows: DtwScratch;
  private readonly lowerBound: Float64Array;
  private order: Uint32Array;
  private readonly contribQuery: Float64Array;
  private readonly contribReference: Float64Array;
  private readonly rest: Float64Array;
  private queryEnvelope: Envelope | null = null;
  private readonly wasm: WasmLayout | null;
  private keoghTried = 0;
  private keoghPruned = 0;
  private keoghSkipped = 0;
  private statsCounters: SearchStats = EMPTY_STATS();

  /**
   * @param window either `{ windowFraction }` (UCR `ceil` convention) or `{ windowCells }` (ignored for ED).
   */
  constructor(
    references: readonly Mts[],
    distance: DistanceName,
    window: { windowFraction: number } | { windowCells: number },
    tuning: SearchTuning = {}
  ) {
    if (references.length === 0) {
      throw new RangeError('a nearest-neighbour search needs at least one reference');
    }
    this.references = references;
    this.distance = distance;
    this.nFeatures = references[0].nFeatures;
    const equalLength = references.every((r) => r.length === references[0].length);
    this.length = equalLength ? references[0].length : -1;
    if (distance === 'ed' && !equalLength) {
      throw new RangeError('Euclidean distance needs equally long series; use dtw-d or dtw-i for unequal lengths');
    }
    if ('windowCells' in window) {
      this.windowCells = window.windowCells;
      this.windowFraction = equalLength ? Math.min(1, window.windowCells / references[0].length) : 1;
    } else {
      this.windowFraction = window.windowFraction;
      this.windowCells = equalLength ? windowCellsFor(window.windowFraction, references[0].length) : -1;
    }
    this.tuning = {
      lowerBounds: tuning.lowerBounds ?? true,
      sortByLowerBound: tuning.sortByLowerBound ?? true,
      suffixBound: tuning.suffixBound ?? true,
      wasm: tuning.wasm ?? true,
      adaptiveBounds: tuning.adaptiveBounds ?? true,
    };
    const useEnvelopes = this.tuning.lowerBounds && distance !== 'ed' && equalLength;
    this.envelopes = useEnvelopes ? references.map((r) => computeEnvelope(r, this.windowCells)) : null;
    const maxLength = references.reduce((max, r) => Math.max(max, r.length), 0);
    this.rows = createDtwScratch(maxLength);
    this.lowerBound = new Float64Array(references.length);
    this.order = new Uint32Array(references.length);
    this.contribQuery = new Float64Array(maxLength);
    this.contribReference = new Float64Array(maxLength);
    this.rest = new Float64Array(maxLength + 1);
    this.wasm = distance !== 'ed' && this.tuning.wasm ? createWasmLayout(references, maxLength) : null;
  }

  /** Whether DTW runs in the WebAssembly kernel (false: JavaScript kernel). */
  get usesWasm(): boolean {
    return this.wasm !== null;
  }

  /** Number of references. */
  get size(): number {
    return this.references.length;
  }

  /** Counters since construction or the last reset. */
  get stats(): Readonly<SearchStats> {
    return this.statsCounters;
  }

  resetStats(): void {
    this.statsCounters = EMPTY_STATS();
  }

  /** The k nearest references to `query` (validated by the caller: same feature count as the references). */
  search(query: Mts, options: SearchOptions = {}): SearchResult {
    if (query.nFeatures !== this.nFeatures) {
      throw new RangeError(`the query has ${query.nFeatures} features but the references have ${this.nFeatures}`);
    }
    if (this.distance === 'ed' && query.length !== this.length) {
      throw new RangeError(
        `Euclidean distance needs the query to have ${this.length} steps like the references, got ${query.length}`
      );
    }
    const k = options.k ?? 1;
    const N = this.references.length;
    if (!Number.isInteger(k) || k < 1) {
      throw new RangeError(`k must be a positive integer, got ${String(k)}`);
    }
    const exclude = options.exclude ?? -1;
    const classOf = options.classOf;
    const classNearest = classOf ? new Float64Array(options.nClasses ?? 0).fill(Infinity) : undefined;
    const bestD = new Float64Array(k).fill(Infinity);
    const bestI = new Int32Array(k).fill(-1);
    let found = 0;
    const stats = this.statsCounters;
    const F = this.nFeatures;
    const q = query.values;
    const n = query.length;
    const sameLength = query.length === this.length;
    const envelopes = sameLength ? this.envelopes : null;
    const useBounds = this.tuning.lowerBounds;
    const wasm = this.wasm;
    if (wasm) {
      if (q.length > wasm.queryCapacity) {
        wasm.query = wasm.kernel.allocate(q.length);
        wasm.queryCapacity = q.length;
      }
      wasm.kernel.f64.set(q, wasm.query);
    }
    const queryEnvelope = envelopes
      ? (this.queryEnvelope = computeEnvelope(query, this.windowCells, this.queryEnvelope ?? undefined))
      : null;

    const keoghPays = !this.tuning.adaptiveBounds || this.keoghTried < 64 || this.keoghPruned >= 0.05 * this.keoghTried;
    // Phase 1: the cheap bounds for every reference, to order the scan.
    const lb = this.lowerBound;
    const order = this.order;
    const sorted = useBounds && this.tuning.sortByLowerBound;
    for (let r = 0; r < N; r++) {
      order[r] = r;
      if (!useBounds) {
        lb[r] = 0;
        continue;
      }
      const ref = this.references[r];
      let bound = lbKim(q, n, ref.values, ref.length, F);
      if (sorted && envelopes && keoghPays) {
        const keogh = lbKeogh(q, envelopes[r]);
        if (keogh > bound) {
          bound = keogh;
        }
      }
      lb[r] = bound;
    }
    if (sorted) {
      // Stable on equal bounds (index order), so the visiting order is deterministic.
      this.order = order.sort((x, y) => lb[x] - lb[y] || x - y);
    }
    const visit = this.order;

    for (let v = 0; v < N; v++) {
      const r = visit[v];
      if (r === exclude) {
        continue;
      }
      stats.candidates++;
      const kth = bestD[k - 1];
      // A reference with a lower index wins ties, so it may still enter at exactly the k-th distance.
      let threshold = found < k ? Infinity : r < bestI[k - 1] ? nextUp(kth) : kth;
      const cls = classOf ? classOf[r] : 0;
      if (classNearest && classNearest[cls] > threshold) {
        threshold = classNearest[cls];
      }
      if (useBounds && lb[r] >= threshold) {
        if (sorted && !classNearest && lb[r] >= nextUp(kth)) {
          // Every later reference has a bound at least as large: none can enter.
          stats.prunedBySortedScan += countRemaining(visit, v + 1, N, exclude);
          stats.prunedByKim++;
          break;
        }
        stats.prunedByKim++;
        continue;
      }
      const ref = this.references[r];
      let d: number;
      if (this.distance === 'ed') {
        d = euclideanUnchecked(q, ref.values, F, n, threshold);
      } else {
        const w = sameLength ? this.windowCells : windowCellsFor(this.windowFraction, n, ref.length);
        if (envelopes && queryEnvelope && this.tryKeogh()) {
          this.keoghTried++;
          const lbQuery = lbKeogh(q, envelopes[r], threshold, this.contribQuery);
          if (lbQuery >= threshold) {
            this.keoghPruned++;
            stats.prunedByKeoghQuery++;
            continue;
          }
          const lbReference = lbKeogh(ref.values, queryEnvelope, threshold, this.contribReference);
          if (lbReference >= threshold) {
            this.keoghPruned++;
            stats.prunedByKeoghReference++;
            continue;
          }
          if (this.distance === 'dtw-d' && this.tuning.suffixBound) {
            // The query's bound is indexed by rows; the reference's by columns, which row i reaches only up to i + w.
            const byQuery = lbQuery >= lbReference;
            const contributions = byQuery ? this.contribQuery : this.contribReference;
            if (wasm) {
              suffixSums(contributions, n, wasm.kernel.f64.subarray(wasm.rest, wasm.rest + n + 1));
              d = wasm.kernel.distance(
                wasm.query,
                n,
                wasm.references[r],
                ref.length,
                F,
                0,
                F,
                w,
                threshold,
                wasm.rest,
                byQuery ? 1 : w + 1,
                n,
                wasm.prev,
                wasm.curr
              );
            } else {
              suffixSums(contributions, n, this.rest);
              d = dtwKernel(
                q,
                n,
                ref.values,
                ref.length,
                F,
                0,
                F,
                w,
                threshold,
                this.rest,
                byQuery ? 1 : w + 1,
                n,
                this.rows.rowA,
                this.rows.rowB
              );
            }
          } else {
            d = this.runDtw(query, ref, r, w, threshold);
          }
        } else {
          d = this.runDtw(query, ref, r, w, threshold);
        }
      }
      stats.distanceRuns++;
      if (d === Infinity) {
        stats.abandoned++;
        continue;
      }
      if (classNearest && d < classNearest[cls]) {
        classNearest[cls] = d;
      }
      if (found < k || d < kth || (d === kth && r < bestI[k - 1])) {
        // Insertion into the sorted k-best list, ordered by (distance, index).
        let p = found < k ? found++ : k - 1;
        while (p > 0 && (bestD[p - 1] > d || (bestD[p - 1] === d && bestI[p - 1] > r))) {
          bestD[p] = bestD[p - 1];
          bestI[p] = bestI[p - 1];
          p--;
        }
        bestD[p] = d;
        bestI[p] = r;
      }
    }
    const neighbours: NeighbourHit[] = [];
    for (let i = 0; i < found; i++) {
      neighbours.push({ index: bestI[i], distance: bestD[i] });
    }
    return classNearest ? { neighbours, classNearest } : { neighbours };
  }

  /** Whether to compute LB_Keogh for the next candidate (see `SearchTuning.adaptiveBounds`). */
  private tryKeogh(): boolean {
    if (!this.tuning.adaptiveBounds || this.keoghTried < 64) {
      return true;
    }
    if (this.keoghTried >= 4096) {
      // Forget old history so the decision follows the data being searched now.
      this.keoghTried >>= 1;
      this.keoghPruned >>= 1;
    }
    if (this.keoghPruned >= 0.05 * this.keoghTried) {
      return true;
    }
    return (this.keoghSkipped++ & 31) === 0;
  }

  private runDtw(query: Mts, ref: Mts, r: number, w: number, threshold: number): number {
    const wasm = this.wasm;
    const F = this.nFeatures;
    if (wasm) {
      const { kernel } = wasm;
      if (this.distance === 'dtw-d') {
        return kernel.distance(
          wasm.query,
          query.length,
          wasm.references[r],
          ref.length,
          F,
          0,
          F,
          w,
          threshold,
          -1,
          0,
          0,
          wasm.prev,
          wasm.curr
        );
      }
      let total = 0;
      for (let f = 0; f < F; f++) {
        total += kernel.distance(
          wasm.query,
          query.length,
          wasm.references[r],
          ref.length,
          F,
          f,
          1,
          w,
          threshold - total,
          -1,
          0,
          0,
          wasm.prev,
          wasm.curr
        );
        if (!(total < threshold)) {
          return Infinity;
        }
      }
      return total;
    }
    if (this.distance === 'dtw-i') {
      return dtwIndependentUnchecked(query, ref, w, threshold, this.rows);
    }
    return dtwKernel(
      query.values,
      query.length,
      ref.values,
      ref.length,
      F,
      0,
      F,
      w,
      threshold,
      null,
      0,
      0,
      this.rows.rowA,
      this.rows.rowB
    );
  }
}

function createWasmLayout(references: readonly Mts[], maxLength: number): WasmLayout | null {
  const F = references[0].nFeatures;
  const doubles = references.reduce((sum, r) => sum + r.values.length + 2, 0) + 2 * maxLength * F + 3 * (maxLength + 4);
  const kernel = WasmDtw.create(doubles * 8);
  if (!kernel) {
    return null;
  }
  const offsets = new Int32Array(references.length);
  references.forEach((r, i) => {
    offsets[i] = kernel.allocate(r.values.length);
    kernel.f64.set(r.values, offsets[i]);
  });
  const prev = kernel.allocate(maxLength + 2);
  const curr = kernel.allocate(maxLength + 2);
  const rest = kernel.allocate(maxLength + 2);
  const query = kernel.allocate(maxLength * F);
  return { kernel, references: offsets, query, queryCapacity: maxLength * F, prev, curr, rest };
}

/** A double just above `x` (at most two steps up), so that "prune when ≥" keeps candidates tied at exactly `x`. */
function nextUp(x: number): number {
  if (x === Infinity) {
    return Infinity;
  }
  if (x === 0) {
    return Number.MIN_VALUE;
  }
  return x + Math.abs(x) * Number.EPSILON;
}

function countRemaining(visit: Uint32Array, from: number, to: number, exclude: number): number {
  let count = 0;
  for (let v = from; v < to; v++) {
    if (visit[v] !== exclude) {
      count++;
    }
  }
  return count;
}
