import type { Db } from './openDatabase';
import type { EpisodeStore } from './episodeStore';

export type Verdict = 'confirm' | 'correct' | 'reject';

export interface NewFeedback {
  readonly from: number;
  readonly to: number;
  readonly verdict: Verdict;
  readonly service?: string;
  readonly fault?: string;
  readonly modelId?: number;
  readonly notes?: string;
}

/** SRE feedback on diagnoses. A confirmed or corrected one also becomes an episode (source `annotation`). */
export class FeedbackStore {
  constructor(
    private readonly db: Db,
    private readonly episodes: EpisodeStore
  ) {}

  /** Records the feedback and, for confirm/correct, its episode, in one transaction. */
  add(feedback: NewFeedback, now: number = Date.now()): { id: number; episodeId: number | null } {
    return this.db
      .transaction(() => {
        let episodeId: number | null = null;
        if (feedback.verdict !== 'reject') {
          episodeId = this.episodes.add(
            {
              service: feedback.service as string,
              fault: feedback.fault as string,
              start: feedback.from,
              end: feedback.to,
              source: 'annotation',
              params:
                feedback.modelId === undefined ? {} : { diagnosedBy: feedback.modelId, verdict: feedback.verdict },
              notes: feedback.notes ?? '',
            },
            now
          ).id;
        }
        const result = this.db
          .prepare(
            'INSERT INTO feedback (from_ms, to_ms, verdict, service, fault, model_id, episode_id, notes, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
          )
          .run(
            feedback.from,
            feedback.to,
            feedback.verdict,
            feedback.service ?? null,
            feedback.fault ?? null,
            feedback.modelId ?? null,
            episodeId,
            feedback.notes ?? '',
            now
          );
        return { id: Number(result.lastInsertRowid), episodeId };
      })
      .immediate();
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM feedback').get() as { n: number }).n;
  }
}
