/**
 * A diagnosis worker thread (run by piscina, see service/classifyPool.ts): classifies one instance with a stored
 * model. Each thread opens the store itself and keeps the fitted classifiers it has loaded, by model id.
 */
import { ClassifierCache, classifyWith, type Classified } from '../models/classifierCache';
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
