import type { Mts } from '../core/types';

/**
 * The random-walk data of the C reference (`../shared/perf/dtw_ref.c`), generated the same way bit for bit:
 * xorshift32 seeded as `rng_seed`, per feature a walk of U(−0.5, 0.5) steps z-normalised, time-major.
 * The same seed gives the same references and queries, so distances can be compared exactly.
 */
export class Xorshift32 {
  private state: number;

  constructor(seed: number) {
    let s = (seed ^ 0x9e3779b9) >>> 0;
    if (s === 0) {
      s = 1;
    }
    this.state = s;
    for (let i = 0; i < 32; i++) {
      this.next();
    }
  }

  next(): number {
    let x = this.state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.state = x;
    return x;
  }

  uniform(): number {
    return this.next() / 4294967296;
  }
}

function znorm(x: Float64Array, T: number): void {
  let s = 0;
  for (let t = 0; t < T; t++) {
    s += x[t];
  }
  const mean = s / T;
  let v = 0;
  for (let t = 0; t < T; t++) {
    const d = x[t] - mean;
    v += d * d;
  }
  let sd = Math.sqrt(v / T);
  if (sd < 1e-8) {
    sd = 1;
  }
  for (let t = 0; t < T; t++) {
    x[t] = (x[t] - mean) / sd;
  }
}

function randomWalk(rng: Xorshift32, F: number, T: number, tmp: Float64Array): Mts {
  const values = new Float64Array(F * T);
  for (let f = 0; f < F; f++) {
    let v = 0;
    for (let t = 0; t < T; t++) {
      v += rng.uniform() - 0.5;
      tmp[t] = v;
    }
    znorm(tmp, T);
    for (let t = 0; t < T; t++) {
      values[t * F + f] = tmp[t];
    }
  }
  return { nFeatures: F, length: T, values };
}

/** N references then nq + 1 queries (the last one is the warm-up query), from one stream as in the C code. */
export function referenceData(
  F: number,
  T: number,
  N: number,
  nq: number,
  seed: number
): { references: Mts[]; queries: Mts[] } {
  const rng = new Xorshift32(seed);
  const tmp = new Float64Array(T);
  const references = Array.from({ length: N }, () => randomWalk(rng, F, T, tmp));
  const queries = Array.from({ length: nq + 1 }, () => randomWalk(rng, F, T, tmp));
  return { references, queries };
}

/** The C reference's band half-width: `floor(wpct × T / 100)`, `T` at 100 %. */
export function referenceWindowCells(T: number, wpct: number): number {
  return wpct >= 100 ? T : Math.max(0, Math.floor((wpct * T) / 100));
}

/** Cells in the band of a T × T matrix with half-width w. */
export function bandCells(T: number, w: number): number {
  let n = 0;
  for (let i = 0; i < T; i++) {
    n += Math.min(T - 1, i + w) - Math.max(0, i - w) + 1;
  }
  return n;
}
