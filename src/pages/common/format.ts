import { dateTimeFormat } from '@grafana/data';

/** An epoch-ms time as SREs read it in tables: `2026-11-24 03:15:08`. */
export function formatTime(ms: number): string {
  return dateTimeFormat(ms, { format: 'YYYY-MM-DD HH:mm:ss' });
}

/** A share 0..1 as a percentage with one decimal, or a dash when not measured. */
export function formatShare(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '–';
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
