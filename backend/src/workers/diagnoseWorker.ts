/**
 * A diagnosis worker thread (run by piscina, see service/classifyPool.ts): classifies one instance with a stored
 * model. Each thread opens the store itself and keeps the fitted classifiers it has loaded, by model id.
 */
import type { ClassifierSpec } from '../core/classifiers/classifierSpec';
import type { Mts } from '../core/types';
import { ClassifierCache, classifyWith, type Classified } from '../models/classifierCache';
import { fitModelHere, type FittedModel } from '../models/fitModel';
import { openStore, type CulpritStore } from '../store/openStore';

/** One task: the model to use and the instance (its Float64Array is copied, not shared, between threads). */
export interface ClassifyTask {
  readonly storePath: string;
  readonly modelId: number;
  readonly nFeatures: number;
  readonly length: number;
  readonly values: Float64Array;
}

let store: CulpritStore | undefined;
let cache: ClassifierCache | undefined;

export default function classifyTask(task: ClassifyTask): Classified {
  if (!store) {
    // The main thread has migrated the file already; a worker only reads.
    const opened = openStore(task.storePath, { skipMigrations: true });
    store = opened;
    cache = new ClassifierCache((id) => opened.models.classifierJson(id));
  }
  return classifyWith((cache as ClassifierCache).get(task.modelId), {
    nFeatures: task.nFeatures,
    length: task.length,
    values: task.values,
  });
}

/** A training task: fit (and evaluate) off the main thread, so the API keeps answering while a model trains. */
export interface FitTask {
  readonly spec: ClassifierSpec;
  readonly series: Mts[];
  readonly labels: string[];
  readonly evaluate: boolean;
}

export function fitTask(task: FitTask): FittedModel {
  return fitModelHere(task.spec, task.series, task.labels, task.evaluate);
}
