import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FeatureCatalogue } from '../config/config';
import { fetchFeatureGrid, type FeatureGrid } from '../instances/featureGrid';
import type { PrometheusApi } from '../prometheus/prometheusClient';
import type { Episode } from '../store/episodeStore';
import type { StudyCaseLabel } from './loadStudyCases';

/** How much data each exported case carries around its onset, and how normal windows are picked. */
export interface StudyExportSettings {
  /** Seconds of data before the onset: the baseline before the earliest shifted window (e.g. 60 + 60). */
  readonly beforeSeconds: number;
  /** Seconds of data from the onset on: the window after the latest shift (e.g. 60 + 60). */
  readonly afterSeconds: number;
  /** How many normal windows to export. */
  readonly normalWindows: number;
  /** Time after a fault ends during which the system still recovers: no normal window may overlap it. */
  readonly recoverySeconds: number;
  /** Load level the campaign ran at, written into every label. */
  readonly load?: string;
  /** Prefix of the episode ids, so exports of several stores (load levels) can share one folder. */
  readonly idPrefix: string;
  /** Data around a normal window's nominal start; normal windows are only cut unshifted (default: as for episodes). */
  readonly normalBeforeSeconds?: number;
  readonly normalAfterSeconds?: number;
  /** Normal windows lie inside `[earliestSeconds, latestSeconds]` (unix seconds), e.g. while Prometheus scraped. */
  readonly earliestSeconds?: number;
  readonly latestSeconds?: number;
}

/** The Prometheus side of an export: which services and metrics, at which step. */
export interface StudyExportSource {
  readonly api: PrometheusApi;
  readonly services: readonly string[];
  readonly catalogue: FeatureCatalogue;
  readonly stepSeconds: number;
  readonly queryConcurrency: number;
}

/**
 * Writes one study case folder per episode (`<service>-<fault>/<prefix><id>/`) and `normalWindows` normal ones
 * (`normal/<prefix>n<k>/`), each with `data.csv.gz` (`time` + `<service>_<metric>` columns, empty cells where
 * Prometheus had nothing) and `label.json` (see {@link StudyCaseLabel}). Returns the folders written.
 */
export async function exportStudyCases(
  source: StudyExportSource,
  episodes: readonly Episode[],
  outDir: string,
  settings: StudyExportSettings,
  onProgress?: (done: number, total: number) => void
): Promise<string[]> {
  const normals = normalWindowOnsets(episodes, settings);
  const total = episodes.length + normals.length;
  const written: string[] = [];
  const request = {
    services: source.services,
    catalogue: source.catalogue,
    stepSeconds: source.stepSeconds,
    queryConcurrency: source.queryConcurrency,
  };
  for (const episode of episodes) {
    const onset = episode.start / 1000;
    const grid = await fetchFeatureGrid(
      source.api,
      request,
      (onset - settings.beforeSeconds) * 1000,
      (onset + settings.afterSeconds) * 1000
    );
    const label: StudyCaseLabel & { params: unknown; notes: string } = {
      service: episode.service,
      fault: episode.fault,
      episodeId: `${settings.idPrefix}${episode.id}`,
      onset,
      end: episode.end / 1000,
      load: settings.load,
      params: episode.params,
      notes: episode.notes,
    };
    written.push(
      writeCase(
        path.join(outDir, `${episode.service}-${episode.fault}`, `${settings.idPrefix}${episode.id}`),
        grid,
        label
      )
    );
    onProgress?.(written.length, total);
  }
  for (const [k, onset] of normals.entries()) {
    const grid = await fetchFeatureGrid(
      source.api,
      request,
      (onset - settings.beforeSeconds) * 1000,
      (onset + settings.afterSeconds) * 1000
    );
    const id = `${settings.idPrefix}n${k + 1}`;
    written.push(
      writeCase(path.join(outDir, 'normal', id), grid, { label: 'normal', episodeId: id, onset, load: settings.load })
    );
    onProgress?.(written.length, total);
  }
  return written;
}

/**
 * Onsets (unix seconds) of normal windows: spans `[onset − normalBefore, onset + normalAfter]` that overlap no fault
 * or its recovery time, inside `[earliestSeconds, latestSeconds]` (default: the time the episodes cover), laid end to
 * end so no two normal windows share data, and spread evenly over the quiet ones when there are more than asked for.
 */
export function normalWindowOnsets(episodes: readonly Episode[], settings: StudyExportSettings): number[] {
  if (episodes.length === 0 || settings.normalWindows === 0) {
    return [];
  }
  const before = settings.normalBeforeSeconds ?? settings.beforeSeconds;
  const after = settings.normalAfterSeconds ?? settings.afterSeconds;
  const busy = episodes.map((e) => [e.start / 1000, e.end / 1000 + settings.recoverySeconds] as const);
  const from = (settings.earliestSeconds ?? Math.min(...busy.map(([s]) => s)) - after) + before;
  const to = (settings.latestSeconds ?? Math.max(...busy.map(([, e]) => e)) + before) - after;
  const quiet: number[] = [];
  let onset = Math.ceil(from);
  while (onset <= to) {
    const spanStart = onset - before;
    const spanEnd = onset + after;
    const blocking = busy.filter(([s, e]) => spanEnd > s && spanStart < e);
    if (blocking.length === 0) {
      quiet.push(onset);
      onset += before + after;
    } else {
      // Jump past the fault (and its recovery) that is in the way.
      onset = Math.ceil(Math.max(...blocking.map(([, e]) => e)) + before);
    }
  }
  if (quiet.length <= settings.normalWindows) {
    return quiet;
  }
  return Array.from(
    { length: settings.normalWindows },
    (_, k) => quiet[Math.floor(((k + 0.5) * quiet.length) / settings.normalWindows)]
  );
}

/** The grid as case-folder CSV: a `time` column in unix seconds, `<service>_<metric>` columns, empty cells for gaps. */
export function gridToCaseCsv(grid: FeatureGrid): string {
  const header = ['time', ...grid.features.map((f) => `${f.service}_${f.metric}`)].join(',');
  const nFeatures = grid.features.length;
  const rows: string[] = [header];
  for (let t = 0; t < grid.length; t++) {
    const cells = [String(grid.startMs / 1000 + t * grid.stepSeconds)];
    for (let f = 0; f < nFeatures; f++) {
      const value = grid.values[t * nFeatures + f];
      // 6 significant digits keep the fixture small; metric noise is far larger than the rounding.
      cells.push(Number.isFinite(value) ? String(Number(value.toPrecision(6))) : '');
    }
    rows.push(cells.join(','));
  }
  return `${rows.join('\n')}\n`;
}

function writeCase(folder: string, grid: FeatureGrid, label: object): string {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'data.csv.gz'), gzipSync(gridToCaseCsv(grid), { level: 9 }));
  writeFileSync(path.join(folder, 'label.json'), `${JSON.stringify(label, null, 2)}\n`);
  return folder;
}
