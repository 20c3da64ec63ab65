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

  constructor(file: string) {
    this.store = openStore(file);
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
    this.store.close();
  }
}
