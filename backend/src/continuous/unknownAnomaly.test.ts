import { unknownAnomaly } from './unknownAnomaly';

describe('unknownAnomaly', () => {
  it.each([
    [0, 4, 0],
    [2, 4, 0.5],
    [4, 4, 1],
    [10, 4, 2.5],
  ])('is the nearest distance %p over the threshold %p: %p', (distance, threshold, expected) => {
    expect(unknownAnomaly(distance, threshold)).toBe(expected);
  });

  it.each([
    [null, 4],
    [undefined, 4],
    [Number.NaN, 4],
    [-1, 4],
    [2, 0],
    [2, Number.POSITIVE_INFINITY],
    [2, null],
  ])('is undefined (null) for distance %p and threshold %p', (distance, threshold) => {
    expect(unknownAnomaly(distance, threshold)).toBeNull();
  });
});
