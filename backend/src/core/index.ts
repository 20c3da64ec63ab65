/**
 * The public surface of Culprit's numeric core: import from here rather than from individual files.
 * Everything under core/ is pure: no I/O, no clock, no `node:*` modules.
 */
export * from './types';
export { assertMts, featureSeries, mtsFromFeatureRows, univariateMts } from './mts';
export { seededRandom } from './seededRandom';
export {
  createDtwScratch,
  dtwAlignmentPath,
  dtwCostMatrix,
  dtwDistance,
  dtwPairwiseDistance,
  type AlignmentStep,
  type DtwOptions,
  type DtwScratch,
  type DtwVariant,
} from './distances/dtwDistance';
export { euclideanDistance, euclideanPairwiseDistance } from './distances/euclideanDistance';
export {
  DISTANCE_NAMES,
  distanceRegistry,
  getDistance,
  type DistanceFamily,
  type DistanceName,
} from './distances/distanceRegistry';
export { windowCellsFor } from './distances/windowCells';
export { computeEnvelope, type Envelope } from './lower-bounds/envelope';
export { lbKeogh } from './lower-bounds/lbKeogh';
export { lbKim } from './lower-bounds/lbKim';
export { NearestNeighbourSearch, type SearchStats, type SearchTuning } from './classifiers/nearestNeighbourSearch';
export { learnWindow, leaveOneOutAccuracy, type LearnedWindow } from './classifiers/learnWindow';
export type { Classifier, ClassifierJson, ProgressCallback } from './classifiers/classifier';
export {
  CLASSIFIER_NAMES,
  resolveSpec,
  type ClassifierName,
  type ClassifierSpec,
  type ClassifierSpecInput,
  type MiniRocketSpec,
  type NeighbourSpec,
} from './classifiers/classifierSpec';
export { createClassifier, loadClassifier } from './classifiers/createClassifier';
export { KnnClassifier } from './classifiers/knnClassifier';
export { MiniRocketClassifier } from './classifiers/miniRocketClassifier';
export { normalise, NORMALISE_KINDS, type NormaliseKind, type NormaliseOptions } from './transforms/normalise';
export { fitMiniRocket, transformMiniRocket } from './transforms/miniRocket';
export * from './evaluation/metrics';
export * from './evaluation/splits';
export { crossValidate, scorePredictions, type EvaluationReport } from './evaluation/evaluateClassifier';
export { ParseError, type LabelledDataset } from './readers/labelledDataset';
export { parseUcrTsv } from './readers/parseUcrTsv';
export { parseSktimeTs } from './readers/parseSktimeTs';
export { labelFromCaseFolder, parseCaseCsv, type CaseTable } from './readers/parseCaseCsv';
