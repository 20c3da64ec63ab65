import { openStore, type CulpritStore } from '../store/openStore';

/** A finished campaign episode, ready for the fault library. */
export interface RecordedEpisode {
  readonly service: string;
  readonly fault: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly startMs: number;
  readonly endMs: number;
  readonly notes: string;
}

/** Where the runner puts finished episodes; the store in production, anything that keeps them in tests. */
export interface EpisodeRecorder {
  /** Stores the episode and resolves to its id in the library. */
  record(episode: RecordedEpisode): Promise<number>;
  close(): void;
}

/** Records episodes in Culprit's SQLite store (the fault library the backend trains on), with source `campaign`. */
export class StoreEpisodeRecorder implements EpisodeRecorder {
  private readonly store: CulpritStore;
  /** Only a store this recorder opened is closed by it; the backend's own store outlives a campaign. */
  private readonly owned: boolean;

  /** `store`: a file to open (the CLI), or an open store (the backend's campaign API records into the store it serves). */
  constructor(store: string | CulpritStore) {
    this.owned = typeof store === 'string';
    this.store = typeof store === 'string' ? openStore(store) : store;
  }

  async record(episode: RecordedEpisode): Promise<number> {
    const stored = this.store.episodes.add({
      service: episode.service,
      fault: episode.fault,
      params: episode.params,
      start: episode.startMs,
      end: episode.endMs,
      source: 'campaign',
      notes: episode.notes,
    });
    return stored.id;
  }

  close(): void {
    if (this.owned) {
      this.store.close();
    }
  }
}
