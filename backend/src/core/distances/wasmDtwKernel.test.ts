import { computeEnvelope } from '../lower-bounds/envelope';
import { lbKeogh, suffixSums } from '../lower-bounds/lbKeogh';
import { randomMts, seededRandom } from '../testing/randomMts';
import type { Mts } from '../types';
import { dtwDistance } from './dtwDistance';
import { singleErrorBound, WasmDtw } from './wasmDtwKernel';

/** A kernel holding the given series as doubles and as zero-padded floats. */
function load(series: Mts[]) {
  const F = series[0].nFeatures;
  const T = series[0].length;
  const stride = (F + 3) & ~3;
  const kernel = WasmDtw.create(series.length * T * (F + stride) * 16 + (1 << 16));
  if (!kernel) {
    throw new Error('this Node.js has no WebAssembly SIMD');
  }
  const double = series.map((s) => {
    const at = kernel.allocate(s.values.length);
    kernel.f64.set(s.values, at);
    return at;
  });
  const single = series.map((s) => {
    const at = kernel.allocate((T * stride + 1) >> 1) * 2;
    for (let t = 0; t < T; t++) {
      for (let f = 0; f < F; f++) {
        kernel.f32[at + t * stride + f] = s.values[t * F + f];
      }
    }
    return at;
  });
  const prev = kernel.allocate(T + 2);
  const curr = kernel.allocate(T + 2);
  const out = kernel.allocate(T + 2);
  return { kernel, double, single, stride, prev, curr, out };
}

describe('the WebAssembly kernel', () => {
  it.each([
    [1, 30, 3],
    [5, 25, 4],
    [40, 20, 2],
  ])('computes LB_Keogh as the JavaScript bound does, as suffix sums (%i features, %i steps, window %i)', (F, T, w) => {
    const random = seededRandom(F * 31 + T);
    const series = Array.from({ length: 6 }, () => randomMts(random, F, T));
    const envelope = computeEnvelope(series[0], w);
    const withEnvelope = [...series, { nFeatures: F, length: T, values: envelope.upper }];
    withEnvelope.push({ nFeatures: F, length: T, values: envelope.lower });
    const { kernel, double, out } = load(withEnvelope);
    const upper = double[series.length];
    const lower = double[series.length + 1];
    const contributions = new Float64Array(T);
    const expected = new Float64Array(T + 1);
    for (let k = 1; k < series.length; k++) {
      const js = lbKeogh(series[k].values, envelope, Infinity, contributions);
      suffixSums(contributions, T, expected);
      const wasm = kernel.lbKeogh(double[k], upper, lower, T, F, out, Infinity);
      expect(wasm).toBeCloseTo(js, 9);
      for (let t = 0; t <= T; t++) {
        expect(kernel.f64[out + t]).toBeCloseTo(expected[t], 9);
      }
      // Abandoning returns a partial sum that already reaches the limit.
      expect(kernel.lbKeogh(double[k], upper, lower, T, F, out, js / 2)).toBeGreaterThanOrEqual(js / 2);
    }
  });

  it.each([
    [8, 30, 0.1, 1],
    [40, 24, 0.2, 1],
    [13, 20, 1, 1],
    [40, 24, 0.1, 1000],
  ])(
    'screens DTW_D in single precision within the proven error bound (%i features, %i steps, window %f, scale %f)',
    (F, T, fraction, scale) => {
      const random = seededRandom(F * 7 + T);
      const series = Array.from({ length: 12 }, () => {
        const s = randomMts(random, F, T);
        return { ...s, values: s.values.map((x) => x * scale) };
      });
      const { kernel, double, single, stride, prev, curr } = load(series);
      const w = Math.ceil(fraction * T);
      const maxAbs = (s: Mts) => s.values.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      for (let k = 1; k < series.length; k++) {
        const exact = dtwDistance(series[0], series[k], { windowCells: w });
        const viaKernel = kernel.distance(double[0], T, double[k], T, F, 0, F, w, Infinity, -1, 0, 0, prev, curr);
        expect(viaKernel).toBe(exact);
        const screened = kernel.distanceSingle(
          single[0],
          T,
          single[k],
          T,
          stride,
          stride >> 2,
          w,
          Infinity,
          -1,
          0,
          0,
          prev,
          curr
        );
        const bound = singleErrorBound(F, 2 * T - 1, Math.max(maxAbs(series[0]), maxAbs(series[k])), exact);
        expect(Math.abs(screened - exact)).toBeLessThanOrEqual(bound);
        // It must not abandon a candidate whose exact distance is below the threshold it is given.
        const justAbove = exact * (1 + 1e-12);
        const kept = kernel.distanceSingle(
          single[0],
          T,
          single[k],
          T,
          stride,
          stride >> 2,
          w,
          justAbove + bound,
          -1,
          0,
          0,
          prev,
          curr
        );
        expect(kept).toBeLessThan(Infinity);
      }
    }
  );
});
