import { randomUUID } from 'node:crypto';
import { toCulpritError } from './errors';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** A long task (training) as the API shows it. */
export interface JobView {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  /** 0..1 */
  readonly progress: number;
  readonly message: string;
  readonly result: Record<string, unknown> | null;
  readonly error: { code: string; message: string } | null;
  readonly createdAt: number;
}

/** What a running job may report. */
export interface JobReporter {
  progress(fraction: number, message: string): void;
}

/**
 * Long tasks in this process, one at a time in submission order (training is CPU-heavy; two at once would only
 * slow each other and the diagnoses). Finished jobs are kept (up to `keep`) so clients can read their result.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobView>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly keep = 100
  ) {}

  submit(kind: string, work: (reporter: JobReporter) => Promise<Record<string, unknown>>): JobView {
    const id = randomUUID();
    this.set({
      id,
      kind,
      state: 'queued',
      progress: 0,
      message: 'waiting for earlier jobs',
      result: null,
      error: null,
      createdAt: Date.now(),
    });
    const run = async () => {
      this.update(id, { state: 'running', message: 'started' });
      try {
        const result = await work({
          progress: (fraction, message) => this.update(id, { progress: Math.max(0, Math.min(1, fraction)), message }),
        });
        this.update(id, { state: 'succeeded', progress: 1, message: 'done', result });
      } catch (error) {
        const mapped = toCulpritError(error);
        if (mapped.code === 'CULPRIT_INTERNAL') {
          this.onError(error);
        }
        // A training failure from the core (e.g. a bad spec) carries a useful message; keep it for the client.
        const message =
          mapped.code === 'CULPRIT_INTERNAL' && error instanceof RangeError ? error.message : mapped.message;
        this.update(id, { state: 'failed', message: 'failed', error: { code: mapped.code, message } });
      }
    };
    this.queue = this.queue.then(run);
    return this.get(id) as JobView;
  }

  get(id: string): JobView | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when every job submitted so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private update(id: string, patch: Partial<JobView>): void {
    const current = this.jobs.get(id);
    if (current) {
      this.jobs.set(id, { ...current, ...patch });
    }
  }

  private set(job: JobView): void {
    this.jobs.set(job.id, job);
    while (this.jobs.size > this.keep) {
      this.jobs.delete(this.jobs.keys().next().value as string);
    }
  }
}
