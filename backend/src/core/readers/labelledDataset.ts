import type { Mts } from '../types';

/** Labelled series as read from a file: `labels[i]` is the class of `series[i]`. */
export interface LabelledDataset {
  readonly series: Mts[];
  readonly labels: string[];
}

/** A parse failure that names the line (1-based) and what is wrong with it. */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  constructor(
    readonly line: number,
    readonly reason: string,
    source = ''
  ) {
    super(`${source ? `${source}: ` : ''}line ${line}: ${reason}`);
  }
}

/**
 * Replaces NaN gaps in a feature-major row by linear interpolation between the nearest known neighbours, and by
 * the nearest known value at the ends. Returns false when the row has no known value at all.
 */
export function interpolateGaps(row: Float64Array): boolean {
  let previous = -1;
  for (let t = 0; t < row.length; t++) {
    if (Number.isNaN(row[t])) {
      continue;
    }
    if (previous === -1) {
      row.fill(row[t], 0, t);
    } else if (t - previous > 1) {
      const step = (row[t] - row[previous]) / (t - previous);
      for (let u = previous + 1; u < t; u++) {
        row[u] = row[previous] + step * (u - previous);
      }
    }
    previous = t;
  }
  if (previous === -1) {
    return false;
  }
  row.fill(row[previous], previous + 1);
  return true;
}

/** Parses one number field, or returns a reason string when it is not a finite number. */
export function parseNumberField(field: string): number | string {
  const trimmed = field.trim();
  if (trimmed === '') {
    return 'an empty value';
  }
  const value = Number(trimmed);
  if (Number.isNaN(value) && trimmed.toLowerCase() !== 'nan') {
    return `"${trimmed.length > 20 ? `${trimmed.slice(0, 20)}…` : trimmed}" is not a number`;
  }
  if (value === Infinity || value === -Infinity) {
    return `"${trimmed}" is infinite`;
  }
  return value;
}
