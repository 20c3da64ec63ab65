import { existsSync } from 'node:fs';
import type { Episode } from '../store/episodeStore';
import { openStore } from '../store/openStore';
import { UsageError } from './usageError';

/** Every episode of a store file, read-only; a store without episodes is a usage error that says how to fill it. */
export function readStoredEpisodes(storePath: string): Episode[] {
  if (!existsSync(storePath)) {
    throw new UsageError(
      `the store ${storePath} does not exist; give --store the SQLite file a campaign or the lab wrote`
    );
  }
  const store = openStore(storePath, { readonly: true });
  let episodes: Episode[];
  try {
    episodes = store.episodes.all();
  } finally {
    store.close();
  }
  if (episodes.length === 0) {
    throw new UsageError(`the store ${storePath} has no episodes; run a campaign first (culprit campaign run PLAN)`);
  }
  return episodes;
}
