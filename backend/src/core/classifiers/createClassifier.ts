import type { Classifier, ClassifierJson } from './classifier';
import { resolveSpec, type ClassifierSpecInput } from './classifierSpec';
import { KnnClassifier } from './knnClassifier';
import { MiniRocketClassifier } from './miniRocketClassifier';

/**
 * Builds an unfitted classifier from a spec such as `'dtw-d'` or
 * `{ classifier: 'dtw-d', k: 3, learnWindow: true, normalise: 'znorm' }`. The spec is validated here, so a
 * mistake fails before any fitting; errors list the allowed values.
 */
export function createClassifier(spec: ClassifierSpecInput): Classifier {
  const resolved = resolveSpec(spec);
  return resolved.classifier === 'minirocket' ? new MiniRocketClassifier(resolved) : new KnnClassifier(resolved);
}

/** Rebuilds a fitted classifier from `toJSON()` output (also as a JSON string), checking what it loads. */
export function loadClassifier(json: ClassifierJson | string): Classifier {
  const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<ClassifierJson> | null;
  if (typeof parsed !== 'object' || parsed === null || parsed.format !== 'culprit-classifier') {
    throw new TypeError('not a Culprit classifier: expected an object with format "culprit-classifier"');
  }
  if (parsed.version !== 1) {
    throw new RangeError(
      `classifier format version ${String(parsed.version)} is not supported (this build reads version 1)`
    );
  }
  const spec = resolveSpec(parsed.spec);
  return spec.classifier === 'minirocket'
    ? MiniRocketClassifier.fromState(spec, parsed.state)
    : KnnClassifier.fromState(spec, parsed.state);
}
