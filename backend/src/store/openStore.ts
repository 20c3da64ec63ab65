import { CampaignStore } from './campaignStore';
import { EpisodeStore } from './episodeStore';
import { FeedbackStore } from './feedbackStore';
import { InstanceCache } from './instanceCache';
import { ModelStore } from './modelStore';
import { openDatabase, type Db } from './openDatabase';

/** Culprit's store: one SQLite file holding the fault library, cached instances, models and feedback. */
export interface CulpritStore {
  readonly db: Db;
  readonly episodes: EpisodeStore;
  readonly instances: InstanceCache;
  readonly models: ModelStore;
  readonly feedback: FeedbackStore;
  readonly campaigns: CampaignStore;
  close(): void;
}

/**
 * Opens the store at `file` (created and migrated when new). Several processes may open the same file.
 * Example, from the campaign runner: `const store = openStore(config.store.path); store.episodes.add({...}); store.close();`
 */
export function openStore(
  file: string,
  options: { readonly readonly?: boolean; readonly skipMigrations?: boolean } = {}
): CulpritStore {
  const db = openDatabase(file, options);
  const episodes = new EpisodeStore(db);
  return {
    db,
    episodes,
    instances: new InstanceCache(db),
    models: new ModelStore(db),
    feedback: new FeedbackStore(db, episodes),
    campaigns: new CampaignStore(db),
    close: () => db.close(),
  };
}
