import type { Mts } from '../core/types';
import type { InstanceQuality } from '../instances/buildInstance';
import type { Db } from './openDatabase';

/** An episode's instance as cached: the Mts and the quality of the data it was built from. */
export interface CachedInstance {
  readonly mts: Mts;
  readonly quality: InstanceQuality;
}

/**
 * Instances built for episodes, keyed by episode and catalogue hash. Values are stored as the raw bytes of the
 * Float64Array (little-endian on every platform Node runs on), so a 40 × 41 instance is 13 KB, not a JSON array.
 */
export class InstanceCache {
  constructor(private readonly db: Db) {}

  get(episodeId: number, catalogueHash: string): CachedInstance | undefined {
    const row = this.db
      .prepare('SELECT n_features, length, mts, quality FROM instances WHERE episode_id = ? AND catalogue_hash = ?')
      .get(episodeId, catalogueHash) as
      { n_features: number; length: number; mts: Buffer; quality: string } | undefined;
    if (!row) {
      return undefined;
    }
    // Copy into an aligned buffer: the Buffer SQLite hands back may start at any byte offset.
    const values = new Float64Array(row.n_features * row.length);
    new Uint8Array(values.buffer).set(row.mts);
    return {
      mts: { nFeatures: row.n_features, length: row.length, values },
      quality: JSON.parse(row.quality) as InstanceQuality,
    };
  }

  put(episodeId: number, catalogueHash: string, instance: CachedInstance, now: number = Date.now()): void {
    const { mts } = instance;
    this.db
      .prepare(
        `INSERT INTO instances (episode_id, catalogue_hash, n_features, length, mts, quality, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (episode_id, catalogue_hash) DO UPDATE SET n_features = excluded.n_features, length = excluded.length,
         mts = excluded.mts, quality = excluded.quality, created_ms = excluded.created_ms`
      )
      .run(
        episodeId,
        catalogueHash,
        mts.nFeatures,
        mts.length,
        Buffer.from(mts.values.buffer, mts.values.byteOffset, mts.values.byteLength),
        JSON.stringify(instance.quality),
        now
      );
  }
}
