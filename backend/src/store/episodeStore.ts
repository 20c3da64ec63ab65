import type { Db } from './openDatabase';

/** Where an episode came from. */
export type EpisodeSource = 'campaign' | 'annotation' | 'import';
export const EPISODE_SOURCES: readonly EpisodeSource[] = ['campaign', 'annotation', 'import'];

/** A labelled fault episode: `fault` was active on `service` from `start` to `end` (epoch ms). */
export interface Episode {
  readonly id: number;
  readonly service: string;
  readonly fault: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly start: number;
  readonly end: number;
  readonly source: EpisodeSource;
  readonly notes: string;
  readonly createdAt: number;
}

/** What a caller gives to record an episode. */
export interface NewEpisode {
  readonly service: string;
  readonly fault: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly start: number;
  readonly end: number;
  readonly source: EpisodeSource;
  readonly notes?: string;
}

export type EpisodePatch = Partial<Pick<Episode, 'service' | 'fault' | 'params' | 'start' | 'end' | 'notes'>>;

export interface EpisodeFilter {
  readonly service?: string;
  readonly fault?: string;
  readonly source?: EpisodeSource;
  /** Keep episodes that overlap `[from, to]`. */
  readonly from?: number;
  readonly to?: number;
  readonly limit?: number;
  readonly offset?: number;
}

/** An episode that cannot be stored as given; `field` names the bad field. */
export class EpisodeValidationError extends Error {
  override readonly name = 'EpisodeValidationError';
  constructor(
    readonly field: string,
    message: string
  ) {
    super(`${field}: ${message}`);
  }
}

interface EpisodeRow {
  id: number;
  service: string;
  fault: string;
  params: string;
  start_ms: number;
  end_ms: number;
  source: EpisodeSource;
  notes: string;
  created_ms: number;
}

/**
 * The fault library's episodes. This is the API the campaign runner, the HTTP routes and the CLI record through:
 *
 * ```ts
 * const store = openStore('culprit.sqlite');
 * const episode = store.episodes.add({ service: 'cart', fault: 'cpu', params: { workers: 2 }, start, end, source: 'campaign' });
 * store.episodes.list({ service: 'cart' });
 * ```
 *
 * Every write is one transaction; `addMany` is all-or-nothing. Safe to use from several processes at once.
 */
export class EpisodeStore {
  constructor(private readonly db: Db) {}

  /** Validates and records one episode; returns it with its id. Throws {@link EpisodeValidationError}. */
  add(episode: NewEpisode, now: number = Date.now()): Episode {
    return this.addMany([episode], now)[0];
  }

  /** Records all or none: the first invalid one throws with its index in the field path (`[3].start`). */
  addMany(episodes: readonly NewEpisode[], now: number = Date.now()): Episode[] {
    episodes.forEach((episode, index) => validateEpisode(episode, episodes.length > 1 ? `[${index}].` : ''));
    const insert = this.db.prepare(
      'INSERT INTO episodes (service, fault, params, start_ms, end_ms, source, notes, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *'
    );
    return this.db.transaction(() =>
      episodes.map((episode) =>
        fromRow(
          insert.get(
            episode.service,
            episode.fault,
            JSON.stringify(episode.params ?? {}),
            Math.round(episode.start),
            Math.round(episode.end),
            episode.source,
            episode.notes ?? '',
            now
          ) as EpisodeRow
        )
      )
    )();
  }

  get(id: number): Episode | undefined {
    const row = this.db.prepare('SELECT * FROM episodes WHERE id = ?').get(id) as EpisodeRow | undefined;
    return row && fromRow(row);
  }

  /** Episodes matching the filter, latest start first, with the total count before `limit`/`offset`. */
  list(filter: EpisodeFilter = {}): { episodes: Episode[]; total: number } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.service !== undefined) {
      where.push('service = ?');
      args.push(filter.service);
    }
    if (filter.fault !== undefined) {
      where.push('fault = ?');
      args.push(filter.fault);
    }
    if (filter.source !== undefined) {
      where.push('source = ?');
      args.push(filter.source);
    }
    if (filter.from !== undefined) {
      where.push('end_ms > ?');
      args.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('start_ms < ?');
      args.push(filter.to);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM episodes ${clause}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM episodes ${clause} ORDER BY start_ms DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...args, filter.limit ?? -1, filter.offset ?? 0) as EpisodeRow[];
    return { episodes: rows.map(fromRow), total };
  }

  /** Every episode, earliest first (for training and export). */
  all(): Episode[] {
    return (this.db.prepare('SELECT * FROM episodes ORDER BY start_ms, id').all() as EpisodeRow[]).map(fromRow);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM episodes').get() as { n: number }).n;
  }

  /** Applies a patch; returns the updated episode, or `undefined` when there is no such id. */
  update(id: number, patch: EpisodePatch): Episode | undefined {
    return this.db
      .transaction(() => {
        const current = this.get(id);
        if (!current) {
          return undefined;
        }
        const next = { ...current, ...patch };
        validateEpisode(next, '');
        this.db
          .prepare(
            'UPDATE episodes SET service = ?, fault = ?, params = ?, start_ms = ?, end_ms = ?, notes = ? WHERE id = ?'
          )
          .run(next.service, next.fault, JSON.stringify(next.params), next.start, next.end, next.notes, id);
        // A changed window or label makes the cached instances stale.
        this.db.prepare('DELETE FROM instances WHERE episode_id = ?').run(id);
        return this.get(id);
      })
      .immediate();
  }

  /** Deletes one episode (and its cached instances); false when there was none. */
  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM episodes WHERE id = ?').run(id).changes > 0;
  }
}

/** Checks one episode's fields; `prefix` goes before the field name in errors (`[2].`). */
export function validateEpisode(episode: NewEpisode | Episode, prefix: string): void {
  for (const key of ['service', 'fault'] as const) {
    if (typeof episode[key] !== 'string' || episode[key].trim() === '') {
      throw new EpisodeValidationError(`${prefix}${key}`, 'must be a non-empty string');
    }
    if (episode[key].includes('/')) {
      throw new EpisodeValidationError(
        `${prefix}${key}`,
        `cannot contain "/" (labels are "<service>/<fault>"), got "${episode[key]}"`
      );
    }
  }
  if (episode.fault === 'normal' || episode.fault === 'unknown') {
    throw new EpisodeValidationError(`${prefix}fault`, `"${episode.fault}" is reserved for windows without a fault`);
  }
  for (const key of ['start', 'end'] as const) {
    if (!Number.isFinite(episode[key]) || episode[key] < 0) {
      throw new EpisodeValidationError(`${prefix}${key}`, 'must be a time in epoch milliseconds');
    }
  }
  if (episode.start >= episode.end) {
    throw new EpisodeValidationError(
      `${prefix}end`,
      `must be after start (start ${episode.start}, end ${episode.end})`
    );
  }
  if (!EPISODE_SOURCES.includes(episode.source)) {
    throw new EpisodeValidationError(`${prefix}source`, `must be one of ${EPISODE_SOURCES.join(', ')}`);
  }
  if (
    episode.params !== undefined &&
    (typeof episode.params !== 'object' || episode.params === null || Array.isArray(episode.params))
  ) {
    throw new EpisodeValidationError(`${prefix}params`, 'must be an object');
  }
}

function fromRow(row: EpisodeRow): Episode {
  return {
    id: row.id,
    service: row.service,
    fault: row.fault,
    params: JSON.parse(row.params) as Record<string, unknown>,
    start: row.start_ms,
    end: row.end_ms,
    source: row.source,
    notes: row.notes,
    createdAt: row.created_ms,
  };
}
