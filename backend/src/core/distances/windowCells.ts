/**
 * The Sakoe-Chiba band half-width in cells for a window given as a fraction of the series length:
 * `ceil(fraction × max(n, m))`, the UCR archive's convention, and never less than `|n − m|` so that the
 * last cell stays reachable when the lengths differ.
 *
 * `fraction × length` is rounded to 12 significant digits before `ceil`, because `0.1 × 150` is
 * `15.000000000000002` in binary floating point and a plain `ceil` would give 16 cells instead of 15.
 */
export function windowCellsFor(windowFraction: number, n: number, m: number = n): number {
  assertWindowFraction(windowFraction);
  const longer = Math.max(n, m);
  const cells = Math.ceil(Number((windowFraction * longer).toPrecision(12)));
  return Math.max(Math.min(cells, longer), Math.abs(n - m));
}

/** Throws a `RangeError` unless `windowFraction` is a number in [0, 1]. */
export function assertWindowFraction(windowFraction: unknown): asserts windowFraction is number {
  if (typeof windowFraction !== 'number' || !(windowFraction >= 0 && windowFraction <= 1)) {
    throw new RangeError(
      `windowFraction must be a number in [0, 1] (0 = no warping, 1 = full window), got ${String(windowFraction)}`
    );
  }
}
