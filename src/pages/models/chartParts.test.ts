import { SHARE_TICKS, zoomedShareTicks } from './chartParts';

describe('zoomedShareTicks', () => {
  it.each([
    // lowest value, ticks: five, a multiple of 0.05 apart, the first at or below the lowest value, the last at 1
    [0.833, [0.8, 0.85, 0.9, 0.95, 1]],
    [0.8, [0.8, 0.85, 0.9, 0.95, 1]],
    [0.452, [0.4, 0.55, 0.7, 0.85, 1]],
    [0.2, [0.2, 0.4, 0.6, 0.8, 1]],
    // All at 1: still an axis with room below.
    [1, [0.8, 0.85, 0.9, 0.95, 1]],
  ])('zooms to %p with ticks %p', (lowest, ticks) => {
    expect(zoomedShareTicks(lowest)).toEqual(ticks);
  });

  it('keeps the whole axis when the values reach down to a quarter or below', () => {
    expect(zoomedShareTicks(0.19)).toEqual(SHARE_TICKS);
    expect(zoomedShareTicks(0)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});
