import { windowCellsFor } from '../distances/windowCells';
import type { Mts } from '../types';
import { NearestNeighbourSearch } from './nearestNeighbourSearch';

/** Leave-one-out accuracy of one candidate window. */
export interface WindowScore {
  readonly windowFraction: number;
  readonly windowCells: number;
  readonly accuracy: number;
}

/** The learned window and the whole curve behind the choice. */
export interface LearnedWindow {
  readonly windowFraction: number;
  readonly windowCells: number;
  readonly accuracy: number;
  readonly curve: WindowScore[];
}

/**
 * Learns the Sakoe-Chiba window as the UCR archive does: leave-one-out 1-NN accuracy on the training set for
 * every window from 0 % to 100 % of the length in 1 % steps; the best accuracy wins, ties go to the smallest
 * window. Windows that round to the same number of cells share one evaluation. Uses the pruned exact search,
 * so its answer equals a brute-force evaluation.
 *
 * `onProgress(done, total)` is called after each distinct window (for CLI progress bars).
 */
export function learnWindow(
  series: readonly Mts[],
  labels: readonly string[],
  distance: 'dtw-d' | 'dtw-i',
  options: { percentages?: readonly number[]; onProgress?: (done: number, total: number) => void } = {}
): LearnedWindow {
  if (series.length < 2) {
    throw new RangeError(`learning a window needs at least 2 training series, got ${series.length}`);
  }
  if (series.length !== labels.length) {
    throw new RangeError(`${series.length} series but ${labels.length} labels`);
  }
  const length = series[0].length;
  if (!series.every((s) => s.length === length)) {
    throw new RangeError('learning a window needs equally long training series');
  }
  const percentages = options.percentages ?? Array.from({ length: 101 }, (_, p) => p);
  const byCells = new Map<number, number>();
  const cellsOf = percentages.map((p) => windowCellsFor(p / 100, length));
  const distinct = [...new Set(cellsOf)];
  distinct.forEach((cells, done) => {
    byCells.set(cells, leaveOneOutAccuracy(series, labels, distance, cells));
    options.onProgress?.(done + 1, distinct.length);
  });
  const curve = percentages.map((p, i) => ({
    windowFraction: p / 100,
    windowCells: cellsOf[i],
    accuracy: byCells.get(cellsOf[i])!,
  }));
  let best = curve[0];
  for (const point of curve) {
    if (point.accuracy > best.accuracy) {
      best = point;
    }
  }
  return { windowFraction: best.windowFraction, windowCells: best.windowCells, accuracy: best.accuracy, curve };
}

/** Leave-one-out 1-NN accuracy on a training set for one band (ties between neighbours → lower index). */
export function leaveOneOutAccuracy(
  series: readonly Mts[],
  labels: readonly string[],
  distance: 'ed' | 'dtw-d' | 'dtw-i',
  windowCells: number
): number {
  const search = new NearestNeighbourSearch(series, distance, { windowCells });
  let correct = 0;
  for (let i = 0; i < series.length; i++) {
    const [nearest] = search.search(series[i], { exclude: i }).neighbours;
    if (nearest && labels[nearest.index] === labels[i]) {
      correct++;
    }
  }
  return correct / series.length;
}
