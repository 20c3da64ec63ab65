import type { Mts } from '../types';

export { seededRandom } from '../seededRandom';

/** A random-walk series per feature (steps uniform in [−0.5, 0.5)), time-major; test data only. */
export function randomMts(random: () => number, nFeatures: number, length: number): Mts {
  const values = new Float64Array(nFeatures * length);
  for (let f = 0; f < nFeatures; f++) {
    let level = random() * 2 - 1;
    for (let t = 0; t < length; t++) {
      level += random() - 0.5;
      values[t * nFeatures + f] = level;
    }
  }
  return { nFeatures, length, values };
}
