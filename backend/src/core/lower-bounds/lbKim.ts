import { pointCost } from '../distances/dtwKernel';

/**
 * LB_Kim, the first-and-last form used by the UCR suite: every warping path starts at (0, 0) and ends at
 * (n−1, m−1), so their pointwise costs are paid by any DTW_D; per feature, by any DTW_I too. Squared.
 * O(features). For `n = m = 1` the single cell is counted once.
 */
export function lbKim(a: Float64Array, n: number, b: Float64Array, m: number, nFeatures: number): number {
  const first = pointCost(a, 0, b, 0, nFeatures);
  if (n === 1 && m === 1) {
    return first;
  }
  return first + pointCost(a, (n - 1) * nFeatures, b, (m - 1) * nFeatures, nFeatures);
}
