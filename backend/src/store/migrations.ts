/**
 * The store's schema, as an append-only list: a migration, once released, is never edited; a change is a new one.
 * Times are epoch milliseconds; JSON columns hold TEXT.
 */
export const MIGRATIONS: ReadonlyArray<{
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}> = [
  {
    version: 1,
    description: 'episodes, instances, models, feedback',
    sql: `
      CREATE TABLE episodes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        service TEXT NOT NULL,
        fault TEXT NOT NULL,
        params TEXT NOT NULL DEFAULT '{}',
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('campaign', 'annotation', 'import')),
        notes TEXT NOT NULL DEFAULT '',
        created_ms INTEGER NOT NULL,
        CHECK (start_ms < end_ms)
      );
      CREATE INDEX episodes_start ON episodes (start_ms);

      -- Instances built from Prometheus for an episode, cached per catalogue (its hash covers the queries,
      -- services, step, baseline and length), so retraining does not query months-old data again.
      CREATE TABLE instances (
        episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
        catalogue_hash TEXT NOT NULL,
        n_features INTEGER NOT NULL,
        length INTEGER NOT NULL,
        mts BLOB NOT NULL,
        quality TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        PRIMARY KEY (episode_id, catalogue_hash)
      );

      CREATE TABLE models (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        classifier_kind TEXT NOT NULL,
        catalogue_hash TEXT NOT NULL,
        catalogue TEXT NOT NULL,
        settings TEXT NOT NULL,
        classifier TEXT NOT NULL,
        training TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        evaluation TEXT,
        active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
      );
      CREATE UNIQUE INDEX models_one_active ON models (active) WHERE active = 1;

      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        from_ms INTEGER NOT NULL,
        to_ms INTEGER NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('confirm', 'correct', 'reject')),
        service TEXT,
        fault TEXT,
        model_id INTEGER,
        episode_id INTEGER REFERENCES episodes (id) ON DELETE SET NULL,
        notes TEXT NOT NULL DEFAULT '',
        created_ms INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'campaigns started through the HTTP API',
    sql: `
      -- One row per campaign the backend ran (POST /api/campaigns): its plan, progress and outcome, so a restart
      -- still lists past campaigns and can mark one that was running when the process died as failed.
      CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        plan_text TEXT NOT NULL,
        driver TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'stopped')),
        total INTEGER NOT NULL,
        completed INTEGER NOT NULL DEFAULT 0,
        current TEXT,
        episode_ids TEXT NOT NULL DEFAULT '[]',
        message TEXT NOT NULL DEFAULT '',
        started_ms INTEGER NOT NULL,
        ended_ms INTEGER
      );
      CREATE INDEX campaigns_state ON campaigns (state);
    `,
  },
];
