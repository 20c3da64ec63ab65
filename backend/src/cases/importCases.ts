import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Episode, NewEpisode } from '../store/episodeStore';
import type { CulpritStore } from '../store/openStore';
import type { LoadedCase } from './loadCaseFolders';

/**
 * The instance-cache key of a case's data: `case-csv:` plus a hash of its column names. The cache is otherwise keyed
 * by a Prometheus catalogue hash, so imported CSV data never mixes with instances built from Prometheus queries.
 */
export function caseCacheKey(featureNames: readonly string[], part: 'data' | 'baseline' = 'data'): string {
  const digest = createHash('sha256').update(JSON.stringify(featureNames)).digest('hex').slice(0, 24);
  return `case-csv${part === 'baseline' ? '-baseline' : ''}:${digest}`;
}

/** What one import stored. */
export interface ImportCasesResult {
  readonly imported: Episode[];
  /** Normal cases: the episode table holds faults only (normal windows come from the quiet gaps between them). */
  readonly skippedNormal: string[];
}

/**
 * Stores every faulty case as an episode (source `import`, the case's path and layout in `params`) and its data in
 * the instance cache under {@link caseCacheKey} — all in one transaction: an invalid episode stores nothing.
 * The episode spans `label.json`'s `onset`..`end` when given, else the case's first to last row.
 */
export function importCases(store: CulpritStore, root: string, cases: readonly LoadedCase[]): ImportCasesResult {
  const faulty = cases.filter((c) => c.label.service !== null);
  const skippedNormal = cases.filter((c) => c.label.service === null).map((c) => c.id);
  const episodes: NewEpisode[] = faulty.map((c) => {
    const { times, featureNames } = c.table;
    const start = (c.label.onset ?? times[0]) * 1000;
    const end = (c.label.end ?? times[times.length - 1]) * 1000;
    if (!(start < end)) {
      throw new RangeError(
        `${c.dataFile}: the case spans ${times.length} row(s) (${start / 1000}..${end / 1000} s); an episode needs an end after its start`
      );
    }
    return {
      service: c.label.service as string,
      fault: c.label.fault as string,
      start,
      end,
      source: 'import',
      params: {
        casePath: c.id,
        caseRoot: path.resolve(root),
        dataFile: path.relative(root, c.dataFile).split(path.sep).join('/'),
        baselineFile: c.baselineFile === null ? null : path.relative(root, c.baselineFile).split(path.sep).join('/'),
        labelFrom: c.label.source,
        features: featureNames,
        rows: times.length,
        firstTime: times[0],
        lastTime: times[times.length - 1],
        cacheKey: caseCacheKey(featureNames),
      },
      notes: `imported from case folder ${c.id}`,
    };
  });
  const imported = store.db.transaction(() => {
    const stored = store.episodes.addMany(episodes);
    stored.forEach((episode, i) => {
      const c = faulty[i];
      const quality = { missingFraction: 0, filledPoints: 0, servicesWithoutData: [] };
      store.instances.put(episode.id, caseCacheKey(c.table.featureNames), { mts: c.table.series, quality });
      if (c.baseline) {
        store.instances.put(episode.id, caseCacheKey(c.table.featureNames, 'baseline'), {
          mts: c.baseline.series,
          quality,
        });
      }
    });
    return stored;
  })();
  return { imported, skippedNormal };
}
