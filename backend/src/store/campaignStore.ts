import type { Db } from './openDatabase';

/** Where a campaign is: `running` until it ends in one of the other three states. */
export type CampaignState = 'running' | 'succeeded' | 'failed' | 'stopped';

/** The episode a running campaign is in (epoch ms; `end` is when the fault is due to be reverted). */
export interface CampaignEpisodeNow {
  readonly service: string;
  readonly fault: string;
  readonly start: number;
  readonly end: number;
}

/** A campaign as stored: its plan, its progress and how it ended. */
export interface CampaignRecord {
  readonly id: number;
  /** The plan's `name`. */
  readonly name: string;
  /** The plan as it was sent (YAML). */
  readonly planText: string;
  readonly driver: string;
  readonly state: CampaignState;
  /** Episodes in the plan. */
  readonly total: number;
  /** Episodes finished (reverted and recorded). */
  readonly completed: number;
  readonly current: CampaignEpisodeNow | null;
  /** Library ids of the episodes it recorded, in run order. */
  readonly episodeIds: readonly number[];
  readonly message: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
}

interface CampaignRow {
  id: number;
  name: string;
  plan_text: string;
  driver: string;
  state: CampaignState;
  total: number;
  completed: number;
  current: string | null;
  episode_ids: string;
  message: string;
  started_ms: number;
  ended_ms: number | null;
}

/**
 * Campaigns started through the HTTP API. Only the backend that runs a campaign writes its row; on start it marks
 * rows still `running` from a process that died as failed ({@link CampaignStore.failRunning}).
 */
export class CampaignStore {
  constructor(private readonly db: Db) {}

  /** Records a campaign that is about to start, in state `running`. */
  create(
    campaign: { readonly name: string; readonly planText: string; readonly driver: string; readonly total: number },
    now: number = Date.now()
  ): CampaignRecord {
    const result = this.db
      .prepare(
        "INSERT INTO campaigns (name, plan_text, driver, state, total, started_ms) VALUES (?, ?, ?, 'running', ?, ?)"
      )
      .run(campaign.name, campaign.planText, campaign.driver, campaign.total, now);
    return this.get(Number(result.lastInsertRowid)) as CampaignRecord;
  }

  get(id: number): CampaignRecord | undefined {
    const row = this.db.prepare('SELECT * FROM campaigns WHERE id = ?').get(id) as CampaignRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Newest first. */
  list(limit = 100): CampaignRecord[] {
    return (this.db.prepare('SELECT * FROM campaigns ORDER BY id DESC LIMIT ?').all(limit) as CampaignRow[]).map(
      fromRow
    );
  }

  /** Updates the progress of a running campaign. */
  progress(
    id: number,
    progress: {
      readonly completed?: number;
      readonly current?: CampaignEpisodeNow | null;
      readonly episodeIds?: readonly number[];
      readonly message?: string;
    }
  ): void {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (progress.completed !== undefined) {
      sets.push('completed = ?');
      values.push(progress.completed);
    }
    if (progress.current !== undefined) {
      sets.push('current = ?');
      values.push(progress.current === null ? null : JSON.stringify(progress.current));
    }
    if (progress.episodeIds !== undefined) {
      sets.push('episode_ids = ?');
      values.push(JSON.stringify(progress.episodeIds));
    }
    if (progress.message !== undefined) {
      sets.push('message = ?');
      values.push(progress.message);
    }
    if (sets.length > 0) {
      this.db.prepare(`UPDATE campaigns SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    }
  }

  /** Ends a running campaign; a campaign already ended keeps its first ending. Resolves to whether it changed. */
  finish(id: number, state: Exclude<CampaignState, 'running'>, message: string, now: number = Date.now()): boolean {
    const result = this.db
      .prepare(
        "UPDATE campaigns SET state = ?, message = ?, current = NULL, ended_ms = ? WHERE id = ? AND state = 'running'"
      )
      .run(state, message, now, id);
    return result.changes > 0;
  }

  /** Marks every campaign still `running` as failed with `message` (its process died); resolves to their ids. */
  failRunning(message: string, now: number = Date.now()): number[] {
    return this.db
      .transaction(() => {
        const ids = (
          this.db.prepare("SELECT id FROM campaigns WHERE state = 'running'").all() as Array<{ id: number }>
        ).map((row) => row.id);
        for (const id of ids) {
          this.finish(id, 'failed', message, now);
        }
        return ids;
      })
      .immediate();
  }
}

function fromRow(row: CampaignRow): CampaignRecord {
  return {
    id: row.id,
    name: row.name,
    planText: row.plan_text,
    driver: row.driver,
    state: row.state,
    total: row.total,
    completed: row.completed,
    current: row.current === null ? null : (JSON.parse(row.current) as CampaignEpisodeNow),
    episodeIds: JSON.parse(row.episode_ids) as number[],
    message: row.message,
    startedAt: row.started_ms,
    endedAt: row.ended_ms,
  };
}
