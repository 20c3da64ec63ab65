import type { FeatureTemplate } from '../config/config';
import type { BaselineDeviationOptions } from '../core/transforms/baselineDeviation';
import type { Db } from './openDatabase';

/** What a model needs to rebuild instances the way it was trained: the same services, queries, step and length. */
export interface ModelCatalogue {
  readonly name: string;
  readonly services: readonly string[];
  readonly features: readonly FeatureTemplate[];
  readonly stepSeconds: number;
  readonly baselineSeconds: number;
  /** Steps per instance (windowSeconds / stepSeconds + 1 at training time). */
  readonly length: number;
  /**
   * How each feature was scaled against its baseline (clip and floors). Absent in models trained before it was
   * stored: those were scaled with the live builder's first settings, `LIVE_BASELINE_DEVIATION`.
   */
  readonly scaling?: BaselineDeviationOptions;
}

/** One training instance, in the order given to the classifier's `fit` (neighbour indices point here). */
export interface TrainingInstance {
  readonly episodeId: number | null;
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** Cross-validated results on the training instances (see models/evaluateModel.ts). */
export interface ModelEvaluation {
  readonly method: 'k-fold';
  readonly folds: number;
  readonly instances: number;
  readonly accuracy: number;
  readonly serviceAccuracy: number;
  readonly ac1: number;
  readonly ac3: number;
  readonly avg5: number;
  readonly labels: string[];
  readonly confusion: number[][];
}

/** A model without its (large) fitted classifier. */
export interface ModelSummary {
  readonly id: number;
  readonly name: string;
  readonly classifierKind: string;
  readonly catalogueHash: string;
  readonly catalogue: ModelCatalogue;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly training: readonly TrainingInstance[];
  readonly version: number;
  readonly createdAt: number;
  readonly active: boolean;
  readonly hasEvaluation: boolean;
}

export interface NewModel {
  readonly name: string;
  readonly classifierKind: string;
  readonly catalogueHash: string;
  readonly catalogue: ModelCatalogue;
  readonly settings: Readonly<Record<string, unknown>>;
  /** The classifier's `toJSON()`. */
  readonly classifier: unknown;
  readonly training: readonly TrainingInstance[];
  readonly evaluation: ModelEvaluation | null;
}

interface ModelRow {
  id: number;
  name: string;
  classifier_kind: string;
  catalogue_hash: string;
  catalogue: string;
  settings: string;
  training: string;
  version: number;
  created_ms: number;
  active: number;
  has_evaluation: number;
}

const SUMMARY_COLUMNS =
  'id, name, classifier_kind, catalogue_hash, catalogue, settings, training, version, created_ms, active, evaluation IS NOT NULL AS has_evaluation';

/** Trained models. At most one is active (a unique index enforces it). */
export class ModelStore {
  constructor(private readonly db: Db) {}

  /** Stores a model in one transaction (version = the last version of that name + 1), optionally activating it. */
  add(model: NewModel, activate: boolean, now: number = Date.now()): ModelSummary {
    const id = this.db
      .transaction(() => {
        const last = this.db.prepare('SELECT max(version) AS v FROM models WHERE name = ?').get(model.name) as {
          v: number | null;
        };
        const result = this.db
          .prepare(
            `INSERT INTO models (name, classifier_kind, catalogue_hash, catalogue, settings, classifier, training, version, created_ms, evaluation)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
          )
          .run(
            model.name,
            model.classifierKind,
            model.catalogueHash,
            JSON.stringify(model.catalogue),
            JSON.stringify(model.settings),
            JSON.stringify(model.classifier),
            JSON.stringify(model.training),
            (last.v ?? 0) + 1,
            now,
            model.evaluation ? JSON.stringify(model.evaluation) : null
          );
        const newId = Number(result.lastInsertRowid);
        if (activate) {
          this.setActive(newId);
        }
        return newId;
      })
      .immediate();
    return this.get(id) as ModelSummary;
  }

  get(id: number): ModelSummary | undefined {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM models WHERE id = ?`).get(id) as ModelRow | undefined;
    return row && fromRow(row);
  }

  list(): ModelSummary[] {
    return (
      this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM models ORDER BY created_ms DESC, id DESC`).all() as ModelRow[]
    ).map(fromRow);
  }

  active(): ModelSummary | undefined {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM models WHERE active = 1`).get() as ModelRow | undefined;
    return row && fromRow(row);
  }

  /** The fitted classifier's JSON, as `toJSON()` gave it. */
  classifierJson(id: number): unknown {
    const row = this.db.prepare('SELECT classifier FROM models WHERE id = ?').get(id) as
      { classifier: string } | undefined;
    return row && JSON.parse(row.classifier);
  }

  evaluation(id: number): ModelEvaluation | null | undefined {
    const row = this.db.prepare('SELECT evaluation FROM models WHERE id = ?').get(id) as
      { evaluation: string | null } | undefined;
    return row && (row.evaluation === null ? null : (JSON.parse(row.evaluation) as ModelEvaluation));
  }

  /** Makes `id` the active model in one transaction; false when there is no such model. */
  activate(id: number): boolean {
    return this.db
      .transaction(() => {
        if (!this.db.prepare('SELECT 1 FROM models WHERE id = ?').get(id)) {
          return false;
        }
        this.setActive(id);
        return true;
      })
      .immediate();
  }

  private setActive(id: number): void {
    this.db.prepare('UPDATE models SET active = 0 WHERE active = 1').run();
    this.db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(id);
  }
}

function fromRow(row: ModelRow): ModelSummary {
  return {
    id: row.id,
    name: row.name,
    classifierKind: row.classifier_kind,
    catalogueHash: row.catalogue_hash,
    catalogue: JSON.parse(row.catalogue) as ModelCatalogue,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    training: JSON.parse(row.training) as TrainingInstance[],
    version: row.version,
    createdAt: row.created_ms,
    active: row.active === 1,
    hasEvaluation: row.has_evaluation === 1,
  };
}
