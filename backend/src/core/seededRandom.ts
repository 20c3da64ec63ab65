/**
 * A seeded uniform [0, 1) generator (mulberry32): every random choice in core (MiniRocket's channel picks,
 * k-fold shuffles) goes through one of these so that a seed reproduces a model bit for bit.
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) {
    throw new RangeError(`seed must be an integer, got ${String(seed)}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
