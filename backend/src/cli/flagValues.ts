import { UsageError } from './usageError';

/** Parses a flag that must be a whole number ≥ 1, e.g. `--k 3`; a bad value is a usage error naming the flag. */
export function positiveIntegerFlag(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < 1) {
    throw new UsageError(`${flag} must be a positive integer, got "${text}"`);
  }
  return value;
}

/** Parses `--window-fraction`: the Sakoe-Chiba band as a share of the series length, from 0 to 1. */
export function windowFractionFlag(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value <= 1)) {
    throw new UsageError(`--window-fraction must be a number from 0 to 1 (e.g. 0.1 for 10 %), got "${text}"`);
  }
  return value;
}
