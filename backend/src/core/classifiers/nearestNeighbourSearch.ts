import { createDtwScratch, dtwIndependentUnchecked, type DtwScratch } from '../distances/dtwDistance';
import { dtwKernel } from '../distances/dtwKernel';
import type { DistanceName } from '../distances/distanceRegistry';
import { euclideanUnchecked } from '../distances/euclideanDistance';
import { windowCellsFor } from '../distances/windowCells';
import { computeEnvelope, type Envelope } from '../lower-bounds/envelope';
import { lbKeogh, suffixSums } from '../lower-bounds/lbKeogh';
import { lbKim } from '../lower-bounds/lbKim';
import { singleErrorBound, WasmDtw } from '../distances/wasmDtwKernel';
import type { Mts } from '../types';

/** How the search may prune; every combination gives the same (exact) answer, only the speed differs. */
export interface SearchTuning {
  /**
   * Use LB_Kim and LB_Keogh (both directions) to skip references. Default true, except for DTW_D with the
   * single-precision screen (see there), where measured it does not pay.
   */
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
  /**
   * DTW_D with many features (≥ 8) in the WebAssembly kernel: screen each candidate first with a
   * single-precision DTW (about 1.5× faster per cell at 40 features) against the best-so-far raised by a proven
   * bound on the rounding error; only candidates that pass are re-run in double precision, which gives the exact
   * distance. Skipped where the bound is too loose to prune (values far from zero). Default true.
   */
  readonly singlePrecisionScreen?: boolean;
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
  /** LB_Keogh in the kernel's memory, for equally long references; null otherwise. */
  readonly bounds: WasmBounds | null;
  /** Single-precision copies for the screening pass (DTW_D with at least `MIN_SCREEN_FEATURES`); else null. */
  readonly single: SingleCopies | null;
}

/** Zero-padded single-precision copies of the series (`f32` indices), and each reference's largest |value|. */
interface SingleCopies {
  readonly references: Int32Array;
  readonly maxAbs: Float64Array;
  /** Floats per step: the feature count rounded up to a multiple of four. */
  readonly stride: number;
  query: number;
  queryCapacity: number;
}

/**
 * The screen runs against the threshold raised by its error bound, so it prunes a little less than an exact run;
 * it is used only while that bound stays under this share of the threshold.
 */
const SCREEN_SLACK = 0.01;

/** Below this many features the single-precision pass saves too little to pay for the exact re-run. */
const MIN_SCREEN_FEATURES = 8;

/** Envelopes and LB_Keogh suffix buffers inside the WebAssembly memory. */
interface WasmBounds {
  readonly upper: Int32Array;
  readonly lower: Int32Array;
  readonly queryUpper: number;
  readonly queryLower: number;
  /**
   * One suffix array (`length + 1` doubles) per reference for LB_Keogh of the query against its envelope, filled
   * by the sorting pass and reused as the DTW kernel's abandon budget; −1 when that would take too much memory
   * (then each candidate's bound is computed when it is visited, into `querySuffix`).
   */
  readonly suffixStore: number;
  readonly querySuffix: number;
  readonly referenceSuffix: number;
}

/** Above this many doubles (32 MB) the per-reference LB_Keogh suffixes are not kept between the two passes. */
const MAX_SUFFIX_STORE = 1 << 22;

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
  /** DTW runs abandoned by the single-precision screen (a subset of `abandoned`). */
  screenedOut: number;
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
  screenedOut: 0,
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
  /** LB_Keogh of the query against each reference envelope, from the sorting pass (WebAssembly bounds only). */
  private readonly keoghBound: Float64Array;
  private order: Uint32Array;
  private readonly contribQuery: Float64Array;
  private readonly contribReference: Float64Array;
  private readonly rest: Float64Array;
  private queryEnvelope: Envelope | null = null;
  private queryMaxAbs = 0;
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
    const wasmScreen =
      distance === 'dtw-d' &&
      (tuning.singlePrecisionScreen ?? true) &&
      (tuning.wasm ?? true) &&
      references[0].nFeatures >= MIN_SCREEN_FEATURES &&
      WasmDtw.supported() &&
      screenLikelyTight(
        references,
        this.windowCells >= 0
          ? this.windowCells
          : windowCellsFor(this.windowFraction, references[0].length, references[1]?.length ?? 0)
      );
    this.tuning = {
      // Measured (npm run bench, random walks and sine classes at 40 features): with the screen, a candidate
      // abandoned after a few single-precision rows costs less than its LB_Keogh (a pass over the whole series
      // and two envelopes), so the bounds only slow the search down there.
      lowerBounds: tuning.lowerBounds ?? !wasmScreen,
      sortByLowerBound: tuning.sortByLowerBound ?? true,
      suffixBound: tuning.suffixBound ?? true,
      wasm: tuning.wasm ?? true,
      adaptiveBounds: tuning.adaptiveBounds ?? true,
      singlePrecisionScreen: tuning.singlePrecisionScreen ?? true,
    };
    const useEnvelopes = this.tuning.lowerBounds && distance !== 'ed' && equalLength;
    const envelopes = useEnvelopes ? references.map((r) => computeEnvelope(r, this.windowCells)) : null;
    const maxLength = references.reduce((max, r) => Math.max(max, r.length), 0);
    this.rows = createDtwScratch(maxLength);
    this.lowerBound = new Float64Array(references.length);
    this.keoghBound = new Float64Array(references.length);
    this.order = new Uint32Array(references.length);
    this.contribQuery = new Float64Array(maxLength);
    this.contribReference = new Float64Array(maxLength);
    this.rest = new Float64Array(maxLength + 1);
    const screen = distance === 'dtw-d' && this.tuning.singlePrecisionScreen && this.nFeatures >= MIN_SCREEN_FEATURES;
    this.wasm =
      distance !== 'ed' && this.tuning.wasm ? createWasmLayout(references, maxLength, envelopes, screen) : null;
    // With the kernel, the envelopes live in its memory only.
    this.envelopes = this.wasm?.bounds ? null : envelopes;
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
      const single = wasm.single;
      if (single) {
        if (n > single.queryCapacity) {
          single.query = copySingle(wasm.kernel, q, n, F, single.stride, -1);
          single.queryCapacity = n;
        } else {
          copySingle(wasm.kernel, q, n, F, single.stride, single.query);
        }
        this.queryMaxAbs = q.reduce((max, x) => Math.max(max, Math.abs(x)), 0);
      }
    }
    // LB_Keogh in the kernel (equal lengths, bounds on): envelopes and suffixes in its memory.
    const wb = sameLength && useBounds && wasm ? wasm.bounds : null;
    // The query's envelope, computed when a candidate first needs it (where LB_Keogh does not pay, rarely).
    let queryEnvelope: Envelope | null = null;
    const needQueryEnvelope = (): Envelope => {
      if (!queryEnvelope) {
        queryEnvelope = this.queryEnvelope = computeEnvelope(query, this.windowCells, this.queryEnvelope ?? undefined);
        if (wb) {
          wasm!.kernel.f64.set(queryEnvelope.upper, wb.queryUpper);
          wasm!.kernel.f64.set(queryEnvelope.lower, wb.queryLower);
        }
      }
      return queryEnvelope;
    };

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
      if (sorted && wb && keoghPays) {
        const stored = wb.suffixStore >= 0;
        const keogh = wasm!.kernel.lbKeogh(
          wasm!.query,
          wb.upper[r],
          wb.lower[r],
          n,
          F,
          stored ? wb.suffixStore + r * (n + 1) : wb.querySuffix,
          Infinity
        );
        this.keoghBound[r] = stored ? keogh : -1;
        if (keogh > bound) {
          bound = keogh;
        }
      } else if (wb) {
        this.keoghBound[r] = -1;
      } else if (sorted && envelopes && keoghPays) {
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
        if (wb && wasm) {
          const { kernel } = wasm;
          // LB_Keogh of the reference against the query's envelope: it reads the reference the DTW run reads next
          // (the query envelope stays in cache), and its per-column suffix is the run's per-cell abandon budget.
          // Where it rarely prunes, its memory traffic costs more than the budget saves: then only sampled.
          let colRest = -1;
          if (this.tryKeogh()) {
            this.keoghTried++;
            needQueryEnvelope();
            const lbReference = kernel.lbKeogh(
              wasm.references[r],
              wb.queryUpper,
              wb.queryLower,
              n,
              F,
              wb.referenceSuffix,
              threshold
            );
            if (lbReference >= threshold) {
              this.keoghPruned++;
              stats.prunedByKeoghReference++;
              continue;
            }
            colRest = wb.referenceSuffix;
          }
          // The query's bound from the sorting pass, by rows, where it was kept.
          const byRows = this.keoghBound[r] >= 0;
          d =
            this.distance === 'dtw-d' && this.tuning.suffixBound
              ? this.wasmDtwD(
                  wasm,
                  n,
                  r,
                  ref.length,
                  w,
                  threshold,
                  byRows ? wb.suffixStore + r * (n + 1) : colRest,
                  byRows ? 1 : w + 1,
                  colRest
                )
              : this.runDtw(query, ref, r, w, threshold);
        } else if (envelopes && this.tryKeogh()) {
          this.keoghTried++;
          const queryEnvelope = needQueryEnvelope();
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

  /**
   * DTW_D in the WebAssembly kernel, exact; with single-precision copies, screened first (see
   * `SearchTuning.singlePrecisionScreen`). `rest`/`colRest` are double-indices of suffix bounds, or −1.
   */
  private wasmDtwD(
    wasm: WasmLayout,
    n: number,
    r: number,
    m: number,
    w: number,
    threshold: number,
    rest: number,
    restOffset: number,
    colRest: number
  ): number {
    const { kernel, single } = wasm;
    const F = this.nFeatures;
    if (single && threshold < Infinity) {
      const margin = singleErrorBound(F, n + m - 1, Math.max(this.queryMaxAbs, single.maxAbs[r]), threshold);
      if (margin < SCREEN_SLACK * threshold) {
        const screened = kernel.distanceSingle(
          single.query,
          n,
          single.references[r],
          m,
          single.stride,
          single.stride >> 2,
          w,
          threshold + margin,
          rest,
          restOffset,
          n,
          wasm.prev,
          wasm.curr,
          colRest
        );
        if (screened === Infinity) {
          // The exact distance is at least `threshold`: the candidate cannot enter.
          this.statsCounters.screenedOut++;
          return Infinity;
        }
      }
    }
    return kernel.distance(
      wasm.query,
      n,
      wasm.references[r],
      m,
      F,
      0,
      F,
      w,
      threshold,
      rest,
      restOffset,
      n,
      wasm.prev,
      wasm.curr,
      colRest
    );
  }

  private runDtw(query: Mts, ref: Mts, r: number, w: number, threshold: number): number {
    const wasm = this.wasm;
    const F = this.nFeatures;
    if (wasm) {
      const { kernel } = wasm;
      if (this.distance === 'dtw-d') {
        return this.wasmDtwD(wasm, query.length, r, ref.length, w, threshold, -1, 0, -1);
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

function createWasmLayout(
  references: readonly Mts[],
  maxLength: number,
  envelopes: readonly Envelope[] | null,
  screen: boolean
): WasmLayout | null {
  const F = references[0].nFeatures;
  const N = references.length;
  const seriesDoubles = references.reduce((sum, r) => sum + r.values.length + 2, 0);
  const storeDoubles = N * (maxLength + 1) <= MAX_SUFFIX_STORE ? N * (maxLength + 1) + 2 : 0;
  const boundDoubles = envelopes ? 2 * seriesDoubles + 2 * maxLength * F + storeDoubles + 2 * (maxLength + 4) : 0;
  const stride = (F + 3) & ~3;
  const singleDoubles = screen ? references.reduce((sum, r) => sum + ((r.length * stride) >> 1) + 2, 0) : 0;
  const doubles = seriesDoubles + boundDoubles + singleDoubles + 3 * maxLength * F + 3 * (maxLength + 4);
  const kernel = WasmDtw.create(doubles * 8);
  if (!kernel) {
    return null;
  }
  const copy = (values: Float64Array): number => {
    const at = kernel.allocate(values.length);
    kernel.f64.set(values, at);
    return at;
  };
  const offsets = Int32Array.from(references, (r) => copy(r.values));
  let bounds: WasmBounds | null = null;
  if (envelopes) {
    bounds = {
      upper: Int32Array.from(envelopes, (e) => copy(e.upper)),
      lower: Int32Array.from(envelopes, (e) => copy(e.lower)),
      queryUpper: kernel.allocate(maxLength * F),
      queryLower: kernel.allocate(maxLength * F),
      suffixStore: storeDoubles > 0 ? kernel.allocate(N * (maxLength + 1)) : -1,
      querySuffix: kernel.allocate(maxLength + 2),
      referenceSuffix: kernel.allocate(maxLength + 2),
    };
  }
  let single: SingleCopies | null = null;
  if (screen) {
    const copies = Int32Array.from(references, (r) => copySingle(kernel, r.values, r.length, F, stride, -1));
    const maxAbs = Float64Array.from(references, (r) => r.values.reduce((max, x) => Math.max(max, Math.abs(x)), 0));
    const query = copySingle(kernel, new Float64Array(0), maxLength, F, stride, -1);
    single = { references: copies, maxAbs, stride, query, queryCapacity: maxLength };
  }
  const prev = kernel.allocate(maxLength + 2);
  const curr = kernel.allocate(maxLength + 2);
  const rest = kernel.allocate(maxLength + 2);
  const query = kernel.allocate(maxLength * F);
  return { kernel, references: offsets, query, queryCapacity: maxLength * F, prev, curr, rest, bounds, single };
}

/**
 * Writes `values` (time-major, F per step, `length` steps) as floats padded to `stride` per step, at `at`
 * (an `f32` index) or into new room when `at` < 0; returns the `f32` index.
 */
function copySingle(kernel: WasmDtw, values: Float64Array, length: number, F: number, stride: number, at: number) {
  const start = at >= 0 ? at : kernel.allocate((length * stride + 1) >> 1) * 2;
  const out = kernel.f32;
  const steps = values.length / F;
  for (let t = 0; t < steps; t++) {
    for (let f = 0; f < F; f++) {
      out[start + t * stride + f] = values[t * F + f];
    }
  }
  return start;
}

/**
 * Whether the single-precision screen's error bound will be tight enough to prune on these references: checked
 * against a tenth of the DTW_D (band of `windowCells`) between the first two (nearest-neighbour distances are smaller than a random
 * pair's). Values far from zero (raw counters, unscaled bytes) make it loose; then the search keeps its lower
 * bounds by default.
 */
function screenLikelyTight(references: readonly Mts[], windowCells: number): boolean {
  if (references.length < 2) {
    return false;
  }
  const [a, b] = references;
  const rows = createDtwScratch(b.length);
  const d = dtwKernel(
    a.values,
    a.length,
    b.values,
    b.length,
    a.nFeatures,
    0,
    a.nFeatures,
    windowCells,
    Infinity,
    null,
    0,
    0,
    rows.rowA,
    rows.rowB
  );
  let maxAbs = 0;
  for (const r of references) {
    for (const x of r.values) {
      maxAbs = Math.max(maxAbs, Math.abs(x));
    }
  }
  const typical = d / 10;
  const bound = singleErrorBound(a.nFeatures, a.length + b.length - 1, maxAbs, typical);
  return typical > 0 && bound < SCREEN_SLACK * typical;
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
