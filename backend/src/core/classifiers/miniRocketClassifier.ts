import { assertMts } from '../mts';
import { fitMiniRocket, type MiniRocketParameters, transformMiniRocket } from '../transforms/miniRocket';
import { normalise } from '../transforms/normalise';
import type { Mts, Prediction } from '../types';
import { assertTrainingSet, type Classifier, type ClassifierJson, type ProgressCallback } from './classifier';
import type { MiniRocketSpec } from './classifierSpec';
import { fitRidgeClassifierCv, ridgeDecision, type RidgeModel } from './ridgeClassifierCv';

interface MiniRocketState {
  readonly classes: string[];
  readonly parameters: MiniRocketParameters;
  readonly ridge: RidgeModel;
}

/**
 * MiniRocket features and a ridge classifier with a leave-one-out-chosen penalty, the combination the
 * time-series classification literature ranks among the most accurate for its cost (Dempster et al. 2021).
 * Scores are a softmax of the ridge decision values: a ranking with a rough confidence, not calibrated
 * probabilities. It has no notion of distance, so it never answers "unknown"; the ranking ties go to label order.
 */
export class MiniRocketClassifier implements Classifier {
  readonly spec: MiniRocketSpec;
  private state: MiniRocketState | null = null;

  constructor(spec: MiniRocketSpec) {
    this.spec = spec;
  }

  get classes(): readonly string[] {
    return this.state?.classes ?? [];
  }

  /** The ridge penalty chosen by leave-one-out, after fitting. */
  get alpha(): number | undefined {
    return this.state?.ridge.alpha;
  }

  fit(series: readonly Mts[], labels: readonly string[], onProgress?: ProgressCallback): void {
    assertTrainingSet(series, labels);
    series.forEach((s, i) => assertMts(s, `training series ${i}`));
    const classes = [...new Set(labels)].sort();
    if (classes.length < 2) {
      throw new RangeError(`MiniRocket needs at least 2 classes to separate, got ${classes.length}`);
    }
    const prepared = series.map((s) => normalise(s, this.spec.normalise));
    const parameters = fitMiniRocket(prepared, this.spec);
    const D = parameters.biases.length;
    const X = new Float64Array(prepared.length * D);
    prepared.forEach((s, i) => {
      transformMiniRocket(parameters, s, X.subarray(i * D, (i + 1) * D));
      onProgress?.('MiniRocket features', i + 1, prepared.length);
    });
    const index = new Map(classes.map((c, i) => [c, i]));
    const y = Int32Array.from(labels, (l) => index.get(l)!);
    const ridge = fitRidgeClassifierCv(X, prepared.length, D, y, classes.length, this.spec.alphas);
    this.state = { classes, parameters, ridge };
  }

  predict(query: Mts): Prediction {
    const state = this.state;
    if (!state) {
      throw new Error('predict called before fit (or load)');
    }
    assertMts(query, 'query');
    const features = transformMiniRocket(state.parameters, normalise(query, this.spec.normalise));
    const decision = ridgeDecision(state.ridge, features);
    const max = Math.max(...decision);
    const exp = Array.from(decision, (v) => Math.exp(v - max));
    const total = exp.reduce((s, x) => s + x, 0);
    const scores = state.classes
      .map((label, c) => ({ label, score: exp[c] / total }))
      .sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    return { label: scores[0].label, unknown: false, scores };
  }

  toJSON(): ClassifierJson {
    if (!this.state) {
      throw new Error('toJSON called before fit: there is no model to save');
    }
    return { format: 'culprit-classifier', version: 1, spec: this.spec, state: this.state };
  }

  /** Restores a fitted state, checking its shape. */
  static fromState(spec: MiniRocketSpec, state: unknown): MiniRocketClassifier {
    const s = state as Partial<MiniRocketState> | null;
    const p = s?.parameters;
    const r = s?.ridge;
    if (!s || !Array.isArray(s.classes) || !p || !r) {
      throw new TypeError('a MiniRocket model state needs "classes", "parameters" and "ridge"');
    }
    const arrays: Array<[string, unknown, number]> = [
      ['parameters.biases', p.biases, r.nFeatures],
      ['ridge.mean', r.mean, r.nFeatures],
      ['ridge.scale', r.scale, r.nFeatures],
      ['ridge.weights', r.weights, r.nFeatures * s.classes.length],
      ['ridge.intercept', r.intercept, s.classes.length],
      ['parameters.channelStart', p.channelStart, p.dilations.length * 84 + 1],
    ];
    for (const [name, value, size] of arrays) {
      if (
        !Array.isArray(value) ||
        value.length !== size ||
        !(value as unknown[]).every((v) => typeof v === 'number' && Number.isFinite(v))
      ) {
        throw new TypeError(`${name} must be ${size} finite numbers`);
      }
    }
    if (r.nClasses !== s.classes.length) {
      throw new TypeError(`ridge.nClasses (${r.nClasses}) differs from the ${s.classes.length} classes`);
    }
    const classifier = new MiniRocketClassifier(spec);
    classifier.state = s as MiniRocketState;
    return classifier;
  }
}
