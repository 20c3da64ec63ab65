import { seededRandom } from '../seededRandom';
import type { Mts } from '../types';

/** Kernel length and the number of kernels: all ways to place three weights of 2 among nine of −1. */
const KERNEL_LENGTH = 9;
const KERNELS: ReadonlyArray<readonly [number, number, number]> = (() => {
  const list: Array<[number, number, number]> = [];
  for (let a = 0; a < KERNEL_LENGTH; a++) {
    for (let b = a + 1; b < KERNEL_LENGTH; b++) {
      for (let c = b + 1; c < KERNEL_LENGTH; c++) {
        list.push([a, b, c]);
      }
    }
  }
  return list;
})();
export const MINIROCKET_KERNEL_COUNT = KERNELS.length;

/** Everything MiniRocket learns in `fit`; plain data, so it serialises as JSON. */
export interface MiniRocketParameters {
  readonly nChannels: number;
  readonly length: number;
  readonly dilations: number[];
  readonly featuresPerDilation: number[];
  /** For combination (dilation d, kernel k) at index d × 84 + k: its channels are channels[start[i] .. start[i+1]). */
  readonly channelStart: number[];
  readonly channels: number[];
  /** One bias per output feature, in output order. */
  readonly biases: number[];
}

/**
 * Fits MiniRocket (Dempster, Schmidt & Webb, "MINIROCKET", KDD 2021), multivariate as in MiniRocketMultivariate:
 * 84 fixed kernels (weights −1, three of them 2), dilations spaced exponentially up to (length − 1) / 8, each
 * (dilation, kernel) pair summing a random subset of 1..min(9, channels) channels, and biases drawn as quantiles
 * (low-discrepancy sequence of the golden ratio) of the convolution output of a randomly chosen training series.
 * Features are the proportion of positive values (PPV) of convolution − bias; half of the pairs use zero padding.
 * Seeded: equal inputs and seed give equal parameters. The random streams differ from sktime's, so features are
 * not bit-identical to sktime's, only built by the same method.
 */
export function fitMiniRocket(
  series: readonly Mts[],
  options: { numFeatures: number; maxDilationsPerKernel: number; seed: number }
): MiniRocketParameters {
  const length = series[0].length;
  const nChannels = series[0].nFeatures;
  if (length < KERNEL_LENGTH) {
    throw new RangeError(`MiniRocket needs series of at least ${KERNEL_LENGTH} steps, got ${length}`);
  }
  if (!series.every((s) => s.length === length && s.nFeatures === nChannels)) {
    throw new RangeError('MiniRocket needs equally long series with the same features');
  }
  const random = seededRandom(options.seed);
  const { dilations, featuresPerDilation } = fitDilations(length, options.numFeatures, options.maxDilationsPerKernel);
  const totalPerKernel = featuresPerDilation.reduce((s, x) => s + x, 0);
  const quantiles = Array.from(
    { length: MINIROCKET_KERNEL_COUNT * totalPerKernel },
    (_, i) => ((i + 1) * ((Math.sqrt(5) + 1) / 2)) % 1
  );
  const channelStart: number[] = [0];
  const channels: number[] = [];
  const maxChannels = Math.min(nChannels, KERNEL_LENGTH);
  for (let i = 0; i < dilations.length * MINIROCKET_KERNEL_COUNT; i++) {
    const count = Math.min(maxChannels, Math.floor(2 ** (random() * Math.log2(maxChannels + 1))));
    channels.push(...sampleWithoutReplacement(nChannels, Math.max(1, count), random).sort((a, b) => a - b));
    channelStart.push(channels.length);
  }
  const partial: MiniRocketParameters = {
    nChannels,
    length,
    dilations,
    featuresPerDilation,
    channelStart,
    channels,
    biases: [],
  };
  const scratch = new Float64Array(length);
  const summed = new Float64Array(length);
  const biases: number[] = [];
  let feature = 0;
  dilations.forEach((dilation, d) => {
    for (let k = 0; k < MINIROCKET_KERNEL_COUNT; k++) {
      const example = series[Math.floor(random() * series.length)];
      const output = convolve(partial, example, d * MINIROCKET_KERNEL_COUNT + k, dilation, KERNELS[k], summed, scratch);
      const sorted = Float64Array.from(output).sort();
      for (let j = 0; j < featuresPerDilation[d]; j++) {
        biases.push(quantileOfSorted(sorted, quantiles[feature++]));
      }
    }
  });
  return { ...partial, biases };
}

/** The MiniRocket features of one series, in the order of `parameters.biases`; written into `out` when given. */
export function transformMiniRocket(parameters: MiniRocketParameters, series: Mts, out?: Float64Array): Float64Array {
  if (series.length !== parameters.length || series.nFeatures !== parameters.nChannels) {
    throw new RangeError(
      `MiniRocket was fitted on ${parameters.nChannels} features × ${parameters.length} steps, got ${series.nFeatures} × ${series.length}`
    );
  }
  const features = out ?? new Float64Array(parameters.biases.length);
  const length = parameters.length;
  const scratch = new Float64Array(length);
  const summed = new Float64Array(length);
  let feature = 0;
  parameters.dilations.forEach((dilation, d) => {
    const padding = ((KERNEL_LENGTH - 1) * dilation) >> 1;
    for (let k = 0; k < MINIROCKET_KERNEL_COUNT; k++) {
      const output = convolve(
        parameters,
        series,
        d * MINIROCKET_KERNEL_COUNT + k,
        dilation,
        KERNELS[k],
        summed,
        scratch
      );
      // Alternate pairs use the padded output or only the part computed without padding.
      const full = (d + k) % 2 === 0 || length - 2 * padding <= 0;
      const from = full ? 0 : padding;
      const to = full ? length : length - padding;
      for (let j = 0; j < parameters.featuresPerDilation[d]; j++) {
        const bias = parameters.biases[feature];
        let positive = 0;
        for (let t = from; t < to; t++) {
          if (output[t] > bias) {
            positive++;
          }
        }
        features[feature++] = positive / (to - from);
      }
    }
  });
  return features;
}

/** Dilations 2^(i·e/(n−1)) floored and deduplicated, features spread over them as in the reference code. */
function fitDilations(length: number, numFeatures: number, maxDilationsPerKernel: number) {
  const perKernel = Math.max(1, Math.floor(numFeatures / MINIROCKET_KERNEL_COUNT));
  const trueMax = Math.min(perKernel, maxDilationsPerKernel);
  const multiplier = perKernel / trueMax;
  const maxExponent = Math.log2((length - 1) / (KERNEL_LENGTH - 1));
  const counts = new Map<number, number>();
  for (let i = 0; i < trueMax; i++) {
    const exponent = trueMax === 1 ? 0 : (maxExponent * i) / (trueMax - 1);
    const dilation = Math.floor(2 ** exponent);
    counts.set(dilation, (counts.get(dilation) ?? 0) + 1);
  }
  const dilations = [...counts.keys()].sort((a, b) => a - b);
  const featuresPerDilation = dilations.map((d) => Math.floor(counts.get(d)! * multiplier));
  let remainder = perKernel - featuresPerDilation.reduce((s, x) => s + x, 0);
  for (let i = 0; remainder > 0; i = (i + 1) % dilations.length, remainder--) {
    featuresPerDilation[i]++;
  }
  return { dilations, featuresPerDilation };
}

/** Convolution output (zero padded, same length) of one (dilation, kernel) pair over its channel sum. */
function convolve(
  parameters: Pick<MiniRocketParameters, 'channelStart' | 'channels'>,
  series: Mts,
  combination: number,
  dilation: number,
  kernel: readonly [number, number, number],
  summed: Float64Array,
  out: Float64Array
): Float64Array {
  const { nFeatures: F, length: T, values } = series;
  summed.fill(0);
  for (let c = parameters.channelStart[combination]; c < parameters.channelStart[combination + 1]; c++) {
    const channel = parameters.channels[c];
    for (let t = 0; t < T; t++) {
      summed[t] += values[t * F + channel];
    }
  }
  const [k0, k1, k2] = kernel;
  for (let t = 0; t < T; t++) {
    // Weights are −1 everywhere and +2 at three taps: −Σ all taps + 3 × Σ the three.
    let all = 0;
    let chosen = 0;
    for (let tap = 0; tap < KERNEL_LENGTH; tap++) {
      const u = t + (tap - 4) * dilation;
      if (u >= 0 && u < T) {
        const x = summed[u];
        all += x;
        if (tap === k0 || tap === k1 || tap === k2) {
          chosen += x;
        }
      }
    }
    out[t] = 3 * chosen - all;
  }
  return out;
}

function quantileOfSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(sorted.length - 1, lower + 1);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

function sampleWithoutReplacement(n: number, count: number, random: () => number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}
