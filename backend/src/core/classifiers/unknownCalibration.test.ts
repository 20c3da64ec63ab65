import type { Mts } from '../types';
import { calibrateUnknownThreshold } from './unknownCalibration';

const point = (x: number, y: number): Mts => ({ nFeatures: 2, length: 1, values: Float64Array.from([x, y]) });
const kindOf = (label: string): string | null => (label === 'normal' ? null : label.split('/')[1]);

describe('calibrateUnknownThreshold', () => {
  // Two services × two kinds, each class a tight pair; kinds far apart, so a left-out kind is far from the rest.
  const series = [
    point(0, 0),
    point(0, 0.1), // a/cpu
    point(1, 0),
    point(1, 0.1), // b/cpu
    point(0, 10),
    point(0, 10.1), // a/kill
    point(1, 10),
    point(1, 10.1), // b/kill
    point(0.5, 5),
    point(0.5, 5.1), // normal
  ];
  const labels = ['a/cpu', 'a/cpu', 'b/cpu', 'b/cpu', 'a/kill', 'a/kill', 'b/kill', 'b/kill', 'normal', 'normal'];

  it('puts the threshold between how far known classes and unseen kinds sit', () => {
    const c = calibrateUnknownThreshold(series, labels, kindOf, 'ed', 0);
    expect(c).not.toBeNull();
    // Squared ED: a pair partner sits at 0.01; the nearest instance of another kind at 0.25 + 24.01 (the normals).
    expect(c?.threshold).toBeGreaterThanOrEqual(0.01);
    expect(c?.threshold).toBeLessThan(24);
    expect(c?.recall).toBe(1);
    expect(c?.falseUnknownRate).toBe(0);
  });

  it('keeps the false-unknown rate within the limit, and needs two kinds', () => {
    // One a/cpu instance far from its partner: only a threshold that also flags it reaches full recall.
    const noisy = [...series];
    noisy[0] = point(0, 2);
    const free = calibrateUnknownThreshold(noisy, labels, kindOf, 'ed', 0);
    const strict = calibrateUnknownThreshold(noisy, labels, kindOf, 'ed', 0, 0);
    expect(strict?.falseUnknownRate).toBe(0);
    expect(strict?.threshold).toBeGreaterThanOrEqual(free?.threshold ?? Infinity);
    expect(calibrateUnknownThreshold(series.slice(0, 4), labels.slice(0, 4), kindOf, 'ed', 0)).toBeNull();
    expect(() => calibrateUnknownThreshold(series, labels.slice(1), kindOf, 'ed', 0)).toThrow(/labels/);
  });
});
