import { existsSync } from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { Mts } from '../core/types';
import { ClassifierCache, classifyWith, type Classified } from '../models/classifierCache';
import type { CulpritStore } from '../store/openStore';
import { fitModelHere, type FitFn, type FittedModel } from '../models/fitModel';
import type { ClassifyTask, FitTask } from '../workers/diagnoseWorker';
import type { ClassifyFn } from './diagnosisService';

/** A classify function and how to release what it holds. */
export interface Classifying {
  readonly classify: ClassifyFn;
  /** Fits and evaluates a model (training jobs). */
  readonly fit: FitFn;
  /** Threads in use (0 = the calling thread). */
  readonly threads: number;
  close(): Promise<void>;
}

/**
 * The compiled worker file. piscina needs JavaScript, so when this module runs from TypeScript sources (jest), the
 * worker comes from `backend/dist` (built by `npm run build:backend`).
 */
export function workerFile(): string {
  const compiledHere = path.join(__dirname, '..', 'workers', 'diagnoseWorker.js');
  if (existsSync(compiledHere)) {
    return compiledHere;
  }
  const fromSources = path.resolve(__dirname, '..', '..', 'dist', 'workers', 'diagnoseWorker.js');
  if (!existsSync(fromSources)) {
    throw new Error(`the diagnosis worker ${fromSources} is not built; run \`npm run build:backend\``);
  }
  return fromSources;
}

/**
 * Classifies on `threads` worker threads, so one slow diagnosis does not stall the event loop and the other
 * requests; with `threads` 0 (or an in-memory store, which threads cannot share) it classifies inline.
 */
export function createClassifying(store: CulpritStore, storePath: string, threads: number): Classifying {
  if (threads === 0 || storePath === ':memory:') {
    const cache = new ClassifierCache((id) => store.models.classifierJson(id));
    return {
      threads: 0,
      classify: async (modelId: number, mts: Mts): Promise<Classified> => classifyWith(cache.get(modelId), mts),
      fit: async (spec, series, labels, evaluate) => fitModelHere(spec, series, labels, evaluate),
      close: async () => undefined,
    };
  }
  const pool = new Piscina({ filename: workerFile(), minThreads: 1, maxThreads: threads, idleTimeout: 60_000 });
  return {
    threads,
    classify: (modelId: number, mts: Mts): Promise<Classified> => {
      const task: ClassifyTask = {
        storePath,
        modelId,
        nFeatures: mts.nFeatures,
        length: mts.length,
        values: mts.values,
      };
      return pool.run(task) as Promise<Classified>;
    },
    fit: (spec, series, labels, evaluate): Promise<FittedModel> => {
      const task: FitTask = { spec, series, labels, evaluate };
      return pool.run(task, { name: 'fitTask' }) as Promise<FittedModel>;
    },
    close: () => pool.destroy(),
  };
}
