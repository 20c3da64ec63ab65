import { seededRandom } from '../seededRandom';

/** Indices of one fold: fit on `train`, score on `test`. */
export interface Fold {
  readonly train: number[];
  readonly test: number[];
}

/** Leave-one-out: n folds, each testing one case. */
export function leaveOneOut(n: number): Fold[] {
  assertCount(n, 2);
  return Array.from({ length: n }, (_, i) => ({ train: range(n).filter((j) => j !== i), test: [i] }));
}

/**
 * Leave-one-group-out: one fold per distinct group (e.g. episode id), testing all its cases, so windows cut from
 * the same episode never sit on both sides. Folds follow the order in which groups first appear.
 */
export function leaveOneGroupOut(groups: readonly string[]): Fold[] {
  const distinct = [...new Set(groups)];
  if (distinct.length < 2) {
    throw new RangeError(`leave-one-group-out needs at least 2 groups, got ${distinct.length}`);
  }
  return distinct.map((g) => ({
    train: range(groups.length).filter((i) => groups[i] !== g),
    test: range(groups.length).filter((i) => groups[i] === g),
  }));
}

/**
 * Stratified k-fold: cases of each label are shuffled with `seed` and dealt round-robin into k folds, so each
 * fold has about the same class mix. Deterministic for a seed.
 */
export function stratifiedKFold(labels: readonly string[], k: number, seed = 0): Fold[] {
  assertCount(labels.length, 2);
  if (!Number.isInteger(k) || k < 2 || k > labels.length) {
    throw new RangeError(`k must be an integer from 2 to the number of cases (${labels.length}), got ${String(k)}`);
  }
  const random = seededRandom(seed);
  const foldOf = new Array<number>(labels.length);
  let next = 0;
  for (const label of [...new Set(labels)].sort()) {
    const members = shuffle(
      range(labels.length).filter((i) => labels[i] === label),
      random
    );
    for (const i of members) {
      foldOf[i] = next;
      next = (next + 1) % k;
    }
  }
  return Array.from({ length: k }, (_, f) => ({
    train: range(labels.length).filter((i) => foldOf[i] !== f),
    test: range(labels.length).filter((i) => foldOf[i] === f),
  }));
}

/** Stratified train/test split with `testFraction` of each label (at least one case per label stays in train). */
export function trainTestSplit(labels: readonly string[], testFraction: number, seed = 0): Fold {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(`testFraction must be between 0 and 1 (exclusive), got ${String(testFraction)}`);
  }
  const random = seededRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...new Set(labels)].sort()) {
    const members = shuffle(
      range(labels.length).filter((i) => labels[i] === label),
      random
    );
    const nTest = Math.min(members.length - 1, Math.round(members.length * testFraction));
    test.push(...members.slice(0, nTest));
    train.push(...members.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function assertCount(n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) {
    throw new RangeError(`need at least ${min} cases, got ${String(n)}`);
  }
}
