/**
 * The fault kinds a campaign can inject, named after Pumba's commands so one plan runs on both drivers
 * (DESIGN.md, "Fault kinds"), with the parameters each takes.
 */

export const FAULT_KINDS = ['cpu', 'memory', 'delay', 'loss', 'pause', 'kill'] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault and its parameters: a discriminated union on `kind`. */
export type FaultSpec =
  | { readonly kind: 'cpu'; readonly workers: number }
  | { readonly kind: 'memory'; readonly workers: number; readonly bytesPerWorker: number }
  | { readonly kind: 'delay'; readonly timeMs: number; readonly jitterMs: number }
  | { readonly kind: 'loss'; readonly percent: number }
  | { readonly kind: 'pause' }
  | { readonly kind: 'kill' };

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

/** The parameters of a spec without its kind, as stored with an episode. */
export function faultParams(spec: FaultSpec): Record<string, number> {
  const params: Record<string, number> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key !== 'kind' && typeof value === 'number') {
      params[key] = value;
    }
  }
  return params;
}

/** Bytes as stress-ng and Pumba write them: whole mebibytes as `256M`, otherwise plain bytes. */
export function formatStressBytes(bytes: number): string {
  const mebibyte = 1024 * 1024;
  return bytes % mebibyte === 0 ? `${bytes / mebibyte}M` : `${bytes}`;
}

/** A duration as Go's `time.ParseDuration` (Pumba's flags) reads it, in whole seconds: `30s`. */
export function formatGoDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new RangeError(`a fault duration must be a positive whole number of seconds, got ${seconds}`);
  }
  return `${seconds}s`;
}
