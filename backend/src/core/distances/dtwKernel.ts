/**
 * The DTW inner loop shared by DTW_D, DTW_I, the nearest-neighbour search and window learning.
 * Private to core: callers validate their inputs first (see `dtwDistance.ts`).
 *
 * Layout: both series are time-major with `stride` numbers per time step; the pointwise cost sums the squared
 * differences of `dims` consecutive features starting at `offset`. DTW_D uses `offset = 0, dims = stride`;
 * DTW_I calls it once per feature with `dims = 1`.
 *
 * Two rows of `m + 1` numbers are reused; index `j + 1` holds column `j`, index 0 the virtual column −1.
 *
 * Pruning (after Silva & Batista's PrunedDTW and Herrmann & Webb's EAPrunedDTW): with an upper bound `ub`
 * (the best-so-far distance), a cell whose prefix cost plus a lower bound on the rows still to come reaches
 * `ub` cannot lie on a path cheaper than `ub`. Each row therefore only spans the columns between the first and
 * the last live cell of the row above (plus the cells reachable from the left), and the run is abandoned
 * when a row has no live cell. Cells on the optimal path are never pruned when the answer is below `ub`, so the
 * result is exact in that case; otherwise the kernel returns `Infinity`.
 *
 * `rest` (optional) is a suffix sum of lower-bound contributions (`rest[k]` ≥ cost still to be paid once
 * rows `< k − restOffset + 1` are done; `rest[restLast] = 0`). LB_Keogh of the query against the reference
 * envelope is indexed by rows (`restOffset = 1`); of the reference against the query envelope by columns,
 * which row `i` cannot reach beyond `i + w` (`restOffset = w + 1`).
 */
export function dtwKernel(
  a: Float64Array,
  n: number,
  b: Float64Array,
  m: number,
  stride: number,
  offset: number,
  dims: number,
  windowCells: number,
  ub: number,
  rest: Float64Array | null,
  restOffset: number,
  restLast: number,
  rowA: Float64Array,
  rowB: Float64Array
): number {
  let prev = rowA;
  let curr = rowB;
  // The virtual row −1 has only its corner (column −1) live, at cost 0.
  prev[0] = 0;
  let pFirst = -1;
  let pLast = -1;
  for (let i = 0; i < n; i++) {
    let ubRow = ub;
    if (rest !== null) {
      const k = i + restOffset;
      ubRow = ub - rest[k < restLast ? k : restLast];
    }
    const bandLo = i - windowCells > 0 ? i - windowCells : 0;
    const bandHi = i + windowCells < m - 1 ? i + windowCells : m - 1;
    const jStart = bandLo > pFirst ? bandLo : pFirst;
    const ai = i * stride + offset;
    let first = -1;
    let last = -2;
    let left = Infinity;
    // Segment A: columns under live cells of the row above; all three predecessors may count.
    const aEnd = bandHi < pLast ? bandHi : pLast;
    let j = jStart;
    if (j <= aEnd) {
      let diag = j - 1 >= pFirst ? prev[j] : Infinity;
      for (; j <= aEnd; j++) {
        const up = prev[j + 1];
        let best = diag < up ? diag : up;
        if (left < best) {
          best = left;
        }
        let cost: number;
        const bj = j * stride + offset;
        if (dims === 1) {
          const d = a[ai] - b[bj];
          cost = d * d;
        } else {
          cost = pointCost(a, ai, b, bj, dims);
        }
        const v = best + cost;
        curr[j + 1] = v;
        left = v;
        diag = up;
        if (v < ubRow) {
          if (first < 0) {
            first = j;
          }
          last = j;
        }
      }
    }
    // Segment B: past the last live cell above, only the diagonal into the first column and the left
    // neighbour can be live, and once a cell reaches the bound every cell to its right does too.
    if (j <= bandHi) {
      let best = left;
      if (j === pLast + 1) {
        const diag = prev[j];
        if (diag < best) {
          best = diag;
        }
      }
      for (; j <= bandHi; j++) {
        let cost: number;
        const bj = j * stride + offset;
        if (dims === 1) {
          const d = a[ai] - b[bj];
          cost = d * d;
        } else {
          cost = pointCost(a, ai, b, bj, dims);
        }
        const v = best + cost;
        if (!(v < ubRow)) {
          break;
        }
        curr[j + 1] = v;
        if (first < 0) {
          first = j;
        }
        last = j;
        best = v;
      }
    }
    if (first < 0) {
      return Infinity;
    }
    pFirst = first;
    pLast = last;
    const swap = prev;
    prev = curr;
    curr = swap;
  }
  return pLast === m - 1 ? prev[m] : Infinity;
}

/**
 * Squared Euclidean distance between `dims` features of two time steps, with eight independent partial sums
 * combined as ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)): eight dependency chains for the JIT, and the same
 * summation order as the C reference in `../shared/perf`, so both give bit-identical distances.
 */
export function pointCost(a: Float64Array, ai: number, b: Float64Array, bj: number, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  let s7 = 0;
  let f = 0;
  for (; f + 8 <= dims; f += 8) {
    const d0 = a[ai + f] - b[bj + f];
    const d1 = a[ai + f + 1] - b[bj + f + 1];
    const d2 = a[ai + f + 2] - b[bj + f + 2];
    const d3 = a[ai + f + 3] - b[bj + f + 3];
    const d4 = a[ai + f + 4] - b[bj + f + 4];
    const d5 = a[ai + f + 5] - b[bj + f + 5];
    const d6 = a[ai + f + 6] - b[bj + f + 6];
    const d7 = a[ai + f + 7] - b[bj + f + 7];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
    s4 += d4 * d4;
    s5 += d5 * d5;
    s6 += d6 * d6;
    s7 += d7 * d7;
  }
  for (; f < dims; f++) {
    const d = a[ai + f] - b[bj + f];
    s0 += d * d;
  }
  return s0 + s1 + (s2 + s3) + (s4 + s5 + (s6 + s7));
}
