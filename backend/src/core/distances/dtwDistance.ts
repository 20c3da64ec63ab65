import { assertMts } from '../mts';
import type { Mts } from '../types';
import { dtwKernel, pointCost } from './dtwKernel';
import { windowCellsFor } from './windowCells';

/**
 * `dependent` (DTW_D): one warping path for all features, the pointwise cost summed over features.
 * `independent` (DTW_I): each feature warped on its own, the per-feature distances summed.
 * (Shokoohi-Yekta et al., "Generalizing DTW to the multi-dimensional case", 2017.)
 */
export type DtwVariant = 'dependent' | 'independent';

/** Settings shared by the DTW functions. */
export interface DtwOptions {
  /** Sakoe-Chiba band as a fraction of the length in [0, 1] (cells = `ceil(fraction × length)`). Default 1. */
  readonly windowFraction?: number;
  /** The band in cells instead of a fraction (exclusive with `windowFraction`). */
  readonly windowCells?: number;
  /** Default `dependent`. */
  readonly variant?: DtwVariant;
  /**
   * Early abandoning: once the distance is known to be at least this value the computation stops and
   * `Infinity` is returned. Results below it are exact. Default `Infinity` (never abandon).
   */
  readonly abandonAbove?: number;
}

/** Reusable scratch rows for {@link dtwDistance}, so a loop over many pairs allocates nothing. */
export interface DtwScratch {
  readonly rowA: Float64Array;
  readonly rowB: Float64Array;
}

/** Scratch rows for references up to `maxLength` steps long. */
export function createDtwScratch(maxLength: number): DtwScratch {
  return { rowA: new Float64Array(maxLength + 1), rowB: new Float64Array(maxLength + 1) };
}

/**
 * Dynamic time warping distance between two multivariate series, **squared**: the sum over the warping path of
 * squared differences, not square-rooted (the UCR archive's convention; rank-equivalent to the rooted form).
 * Lengths may differ; the band then widens to at least `|n − m|`. Returns `Infinity` when abandoned.
 */
export function dtwDistance(a: Mts, b: Mts, options: DtwOptions = {}, scratch?: DtwScratch): number {
  assertMts(a, 'a');
  assertMts(b, 'b');
  assertSameFeatures(a, b);
  const windowCells = resolveWindowCells(options, a.length, b.length);
  const abandonAbove = options.abandonAbove ?? Infinity;
  if (!(abandonAbove >= 0)) {
    throw new RangeError(`abandonAbove must be a non-negative number or Infinity, got ${String(abandonAbove)}`);
  }
  const rows = scratch && scratch.rowA.length > b.length ? scratch : createDtwScratch(b.length);
  return (options.variant ?? 'dependent') === 'dependent'
    ? dtwDependentUnchecked(a, b, windowCells, abandonAbove, rows)
    : dtwIndependentUnchecked(a, b, windowCells, abandonAbove, rows);
}

/** DTW_D without validation; see {@link dtwDistance}. */
export function dtwDependentUnchecked(
  a: Mts,
  b: Mts,
  windowCells: number,
  abandonAbove: number,
  rows: DtwScratch
): number {
  const F = a.nFeatures;
  return dtwKernel(
    a.values,
    a.length,
    b.values,
    b.length,
    F,
    0,
    F,
    windowCells,
    abandonAbove,
    null,
    0,
    0,
    rows.rowA,
    rows.rowB
  );
}

/** DTW_I without validation: per-feature DTW summed, abandoning as soon as the partial sum reaches the bound. */
export function dtwIndependentUnchecked(
  a: Mts,
  b: Mts,
  windowCells: number,
  abandonAbove: number,
  rows: DtwScratch
): number {
  const F = a.nFeatures;
  let total = 0;
  for (let f = 0; f < F; f++) {
    const d = dtwKernel(
      a.values,
      a.length,
      b.values,
      b.length,
      F,
      f,
      1,
      windowCells,
      abandonAbove - total,
      null,
      0,
      0,
      rows.rowA,
      rows.rowB
    );
    total += d;
    if (!(total < abandonAbove)) {
      return Infinity;
    }
  }
  return total;
}

/** The accumulated-cost matrix of DTW_D, row-major `n × m`; cells outside the band are `Infinity`. */
export interface DtwCostMatrix {
  readonly n: number;
  readonly m: number;
  readonly values: Float64Array;
}

/**
 * The full accumulated-cost matrix of DTW_D (squared costs), for explanations and plots. O(n·m) memory,
 * so use {@link dtwDistance} when only the distance is needed. `cost[n−1][m−1]` equals `dtwDistance`.
 */
export function dtwCostMatrix(
  a: Mts,
  b: Mts,
  options: Omit<DtwOptions, 'abandonAbove' | 'variant'> = {}
): DtwCostMatrix {
  assertMts(a, 'a');
  assertMts(b, 'b');
  assertSameFeatures(a, b);
  const n = a.length;
  const m = b.length;
  const w = resolveWindowCells(options, n, m);
  const F = a.nFeatures;
  const values = new Float64Array(n * m).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - w);
    const hi = Math.min(m - 1, i + w);
    for (let j = lo; j <= hi; j++) {
      let best: number;
      if (i === 0 && j === 0) {
        best = 0;
      } else {
        const up = i > 0 ? values[(i - 1) * m + j] : Infinity;
        const left = j > 0 ? values[i * m + j - 1] : Infinity;
        const diag = i > 0 && j > 0 ? values[(i - 1) * m + j - 1] : Infinity;
        best = Math.min(diag, up, left);
      }
      values[i * m + j] = best + pointCost(a.values, i * F, b.values, j * F, F);
    }
  }
  return { n, m, values };
}

/** One step of a warping path: time step `i` of `a` matched with time step `j` of `b`. */
export interface AlignmentStep {
  readonly i: number;
  readonly j: number;
}

/**
 * The optimal DTW_D warping path from (0, 0) to (n−1, m−1), and its (squared) distance. Ties between
 * predecessors are broken diagonal first, then up, then left, so the path is deterministic.
 */
export function dtwAlignmentPath(
  a: Mts,
  b: Mts,
  options: Omit<DtwOptions, 'abandonAbove' | 'variant'> = {}
): { distance: number; path: AlignmentStep[] } {
  const { n, m, values } = dtwCostMatrix(a, b, options);
  const path: AlignmentStep[] = [];
  let i = n - 1;
  let j = m - 1;
  path.push({ i, j });
  while (i > 0 || j > 0) {
    const diag = i > 0 && j > 0 ? values[(i - 1) * m + j - 1] : Infinity;
    const up = i > 0 ? values[(i - 1) * m + j] : Infinity;
    const left = j > 0 ? values[i * m + j - 1] : Infinity;
    if (diag <= up && diag <= left) {
      i--;
      j--;
    } else if (up <= left) {
      i--;
    } else {
      j--;
    }
    path.push({ i, j });
  }
  path.reverse();
  return { distance: values[n * m - 1], path };
}

/**
 * All DTW distances between the series of `xs` and of `ys` (default: `xs` against itself), row-major
 * `xs.length × ys.length`. Written into `out` when given.
 */
export function dtwPairwiseDistance(
  xs: readonly Mts[],
  ys: readonly Mts[] = xs,
  options: Omit<DtwOptions, 'abandonAbove'> = {},
  out?: Float64Array
): Float64Array {
  xs.forEach((x, i) => assertMts(x, `xs[${i}]`));
  if (ys !== xs) {
    ys.forEach((y, i) => assertMts(y, `ys[${i}]`));
  }
  const result = out ?? new Float64Array(xs.length * ys.length);
  if (result.length < xs.length * ys.length) {
    throw new RangeError(`out has ${result.length} cells but ${xs.length} × ${ys.length} are needed`);
  }
  const maxLength = ys.reduce((max, y) => Math.max(max, y.length), 0);
  const rows = createDtwScratch(maxLength);
  for (let i = 0; i < xs.length; i++) {
    for (let j = 0; j < ys.length; j++) {
      result[i * ys.length + j] = dtwDistance(xs[i], ys[j], options, rows);
    }
  }
  return result;
}

/** The band in cells from either `windowCells` or `windowFraction` (default: full window). */
export function resolveWindowCells(
  options: Pick<DtwOptions, 'windowCells' | 'windowFraction'>,
  n: number,
  m: number
): number {
  if (options.windowCells !== undefined) {
    if (options.windowFraction !== undefined) {
      throw new RangeError('give either windowCells or windowFraction, not both');
    }
    if (!Number.isInteger(options.windowCells) || options.windowCells < 0) {
      throw new RangeError(`windowCells must be a non-negative integer, got ${String(options.windowCells)}`);
    }
    return Math.max(options.windowCells, Math.abs(n - m));
  }
  return windowCellsFor(options.windowFraction ?? 1, n, m);
}

/** Throws unless both series have the same number of features. */
export function assertSameFeatures(a: Mts, b: Mts): void {
  if (a.nFeatures !== b.nFeatures) {
    throw new RangeError(
      `the series have different feature counts (${a.nFeatures} and ${b.nFeatures}); compare like with like`
    );
  }
}
