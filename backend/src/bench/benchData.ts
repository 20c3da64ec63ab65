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

/** The C reference's sine, from + − × ÷ and floor only, so both give the same bits. */
function detSin(x: number): number {
  const TWO_PI = 6.283185307179586;
  const PI = 3.141592653589793;
  const HALF_PI = 1.5707963267948966;
  const k = Math.floor(x / TWO_PI);
  let r = x - k * TWO_PI;
  if (r > PI) {
    r -= TWO_PI;
  }
  if (r > HALF_PI) {
    r = PI - r;
  } else if (r < -HALF_PI) {
    r = -PI - r;
  }
  const r2 = r * r;
  let p = -1.0 / 1307674368000.0;
  p = p * r2 + 1.0 / 6227020800.0;
  p = p * r2 - 1.0 / 39916800.0;
  p = p * r2 + 1.0 / 362880.0;
  p = p * r2 - 1.0 / 5040.0;
  p = p * r2 + 1.0 / 120.0;
  p = p * r2 - 1.0 / 6.0;
  p = p * r2 + 1.0;
  return r * p;
}

/** Per class and feature: cycles over the series (1–3) and phase, drawn from their own stream as in C. */
interface SineClasses {
  readonly K: number;
  readonly freq: Float64Array;
  readonly phase: Float64Array;
}

function sineClasses(K: number, F: number, seed: number): SineClasses {
  const rng = new Xorshift32((seed + 7777) >>> 0);
  const freq = new Float64Array(K * F);
  const phase = new Float64Array(K * F);
  for (let c = 0; c < K; c++) {
    for (let f = 0; f < F; f++) {
      freq[c * F + f] = 1 + (rng.next() % 3);
      phase[c * F + f] = 6.283185307179586 * rng.uniform();
    }
  }
  return { K, freq, phase };
}

/** One instance of a random class: shifted by up to ±10 % of T, amplitude 1 ± 0.1, noise, z-normalised. */
function sineInstance(rng: Xorshift32, classes: SineClasses, F: number, T: number, tmp: Float64Array) {
  const c = rng.next() % classes.K;
  const shift = (rng.uniform() - 0.5) * 0.2 * T;
  const amp = 1.0 + 0.2 * (rng.uniform() - 0.5);
  const values = new Float64Array(F * T);
  for (let f = 0; f < F; f++) {
    const fr = classes.freq[c * F + f];
    const ph = classes.phase[c * F + f];
    for (let t = 0; t < T; t++) {
      const u1 = rng.uniform();
      const u2 = rng.uniform();
      const u3 = rng.uniform();
      const n = 0.5 * (u1 + u2 + u3 - 1.5);
      tmp[t] = amp * detSin((6.283185307179586 * fr * (t + shift)) / T + ph) + n;
    }
    znorm(tmp, T);
    for (let t = 0; t < T; t++) {
      values[t * F + f] = tmp[t];
    }
  }
  return { series: { nFeatures: F, length: T, values }, label: c };
}

/**
 * N references then nq + 1 queries (the last one is the warm-up query), from one stream as in the C code.
 * `data` 0: random walks; 1: sine-plus-noise instances of four classes (smooth, where lower bounds prune).
 */
export function referenceData(
  F: number,
  T: number,
  N: number,
  nq: number,
  seed: number,
  data: 0 | 1 = 0
): { references: Mts[]; queries: Mts[]; referenceLabels: number[]; queryLabels: number[] } {
  const rng = new Xorshift32(seed);
  const tmp = new Float64Array(T);
  const classes = data === 1 ? sineClasses(4, F, seed) : null;
  const make = () =>
    classes ? sineInstance(rng, classes, F, T, tmp) : { series: randomWalk(rng, F, T, tmp), label: 0 };
  const refs = Array.from({ length: N }, make);
  const qs = Array.from({ length: nq + 1 }, make);
  return {
    references: refs.map((x) => x.series),
    queries: qs.map((x) => x.series),
    referenceLabels: refs.map((x) => x.label),
    queryLabels: qs.map((x) => x.label),
  };
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
