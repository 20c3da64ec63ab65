import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { createStageProgress } from '../stageProgress';
import { CLASSIFIER_NAMES, type ClassifierName, type ClassifierSpecInput } from '../../core/classifiers/classifierSpec';
import { createClassifier } from '../../core/classifiers/createClassifier';
import type { KnnClassifier } from '../../core/classifiers/knnClassifier';
import { scorePredictions } from '../../core/evaluation/evaluateClassifier';
import type { LabelledDataset } from '../../core/readers/labelledDataset';
import { parseSktimeTs } from '../../core/readers/parseSktimeTs';
import { parseUcrTsv } from '../../core/readers/parseUcrTsv';
import { positiveIntegerFlag, windowFractionFlag } from '../flagValues';
import { UsageError } from '../usageError';
import type { CommandRegistrar } from '.';

interface EvaluateFlags {
  train: string;
  test: string;
  classifier: ClassifierName;
  k?: string;
  windowFraction?: string;
  learnWindow?: boolean;
  normalise: 'none' | 'znorm';
  rejectUnknown?: boolean;
  json?: boolean;
}

/** `culprit evaluate-files --train FILE --test FILE --classifier NAME`: train on one file, score on another. */
export const registerEvaluateFiles: CommandRegistrar = (program: Command) => {
  program
    .command('evaluate-files')
    .description('Train a classifier on a UCR .tsv or sktime .ts file and report its accuracy on another.')
    .requiredOption('--train <file>', 'training cases (.tsv UCR, .ts sktime)')
    .requiredOption('--test <file>', 'test cases, same format and shape')
    .addOption(new Option('--classifier <name>', 'classifier').choices([...CLASSIFIER_NAMES]).makeOptionMandatory())
    .option('--k <n>', 'neighbours that vote (kNN classifiers)', undefined)
    .option('--window-fraction <f>', 'Sakoe-Chiba window as a fraction of the length, 0..1 (DTW; default 0.1)')
    .option('--learn-window', 'learn the window by leave-one-out 1-NN accuracy on the training file (DTW)')
    .addOption(new Option('--normalise <kind>', 'per-series scaling').choices(['none', 'znorm']).default('none'))
    .option('--reject-unknown', 'answer "unknown" past the learned distance threshold (counts as wrong here)')
    .option('--json', 'print one JSON object instead of a table')
    .action((flags: EvaluateFlags) => {
      const report = evaluateFiles(flags);
      process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : formatTable(report));
    });
};

interface EvaluateReport {
  classifier: ClassifierName;
  train: string;
  test: string;
  k: number | null;
  windowFraction: number | null;
  learnedWindow: boolean;
  normalise: string;
  trainSize: number;
  testSize: number;
  accuracy: number;
  errorRate: number;
  acAt1: number;
  acAt3: number;
  avgAt5: number;
  unknownAnswers: number;
  seconds: number;
  perClass: ReturnType<typeof scorePredictions>['perClass'];
  confusion: ReturnType<typeof scorePredictions>['confusion'];
}

function evaluateFiles(flags: EvaluateFlags): EvaluateReport {
  const spec = specFromFlags(flags);
  const train = readDataset(flags.train);
  const test = readDataset(flags.test);
  if (train.series[0].nFeatures !== test.series[0].nFeatures) {
    throw new UsageError(
      `--train has ${train.series[0].nFeatures} features per case but --test has ${test.series[0].nFeatures}; use files of the same problem`
    );
  }
  const started = process.hrtime.bigint();
  const progress = createStageProgress(20);
  const classifier = createClassifier(spec);
  classifier.fit(train.series, train.labels, progress.update);
  const predictions = test.series.map((s, i) => {
    const prediction = classifier.predict(s);
    progress.update('predicting', i + 1, test.series.length);
    return prediction;
  });
  progress.stop();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const scores = scorePredictions(test.labels, predictions);
  const knn = flags.classifier === 'minirocket' ? null : (classifier as KnnClassifier);
  return {
    classifier: flags.classifier,
    train: flags.train,
    test: flags.test,
    k: knn ? knn.spec.k : null,
    windowFraction: knn && flags.classifier !== 'ed' ? knn.windowFraction : flags.classifier === 'ed' ? 0 : null,
    learnedWindow: Boolean(flags.learnWindow),
    normalise: flags.normalise,
    trainSize: train.series.length,
    testSize: test.series.length,
    accuracy: scores.accuracy,
    errorRate: 1 - scores.accuracy,
    acAt1: scores.acAt1,
    acAt3: scores.acAt3,
    avgAt5: scores.avgAt5,
    unknownAnswers: predictions.filter((p) => p.unknown).length,
    seconds,
    perClass: scores.perClass,
    confusion: scores.confusion,
  };
}

function specFromFlags(flags: EvaluateFlags): ClassifierSpecInput {
  const isKnn = flags.classifier !== 'minirocket';
  const isDtw = flags.classifier === 'dtw-d' || flags.classifier === 'dtw-i';
  if (flags.windowFraction !== undefined && flags.learnWindow) {
    throw new UsageError('give either --window-fraction or --learn-window, not both');
  }
  if (!isDtw && (flags.windowFraction !== undefined || flags.learnWindow)) {
    throw new UsageError(`--window-fraction and --learn-window apply to dtw-d and dtw-i, not ${flags.classifier}`);
  }
  if (!isKnn && (flags.k !== undefined || flags.rejectUnknown)) {
    throw new UsageError('--k and --reject-unknown apply to the nearest-neighbour classifiers (ed, dtw-d, dtw-i)');
  }
  if (flags.classifier === 'minirocket') {
    return { classifier: 'minirocket', normalise: flags.normalise };
  }
  const k = flags.k !== undefined ? positiveIntegerFlag('--k', flags.k) : undefined;
  const windowFraction = flags.windowFraction !== undefined ? windowFractionFlag(flags.windowFraction) : undefined;
  return {
    classifier: flags.classifier,
    normalise: flags.normalise,
    rejectUnknown: Boolean(flags.rejectUnknown),
    ...(k !== undefined ? { k } : {}),
    ...(windowFraction !== undefined ? { windowFraction } : {}),
    ...(flags.learnWindow ? { learnWindow: true } : {}),
  };
}

function readDataset(file: string): LabelledDataset {
  const extension = path.extname(file).toLowerCase();
  if (extension !== '.tsv' && extension !== '.ts' && extension !== '.csv' && extension !== '.txt') {
    throw new UsageError(
      `${file}: unknown format "${extension}"; expected a UCR .tsv (or .csv/.txt) or an sktime .ts file`
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // ParseError messages name the file, the line and the reason; they reach the user unchanged (exit 1).
  return extension === '.ts' ? parseSktimeTs(text, file) : parseUcrTsv(text, file);
}

function formatTable(report: EvaluateReport): string {
  const percent = (x: number) => `${(100 * x).toFixed(2)} %`;
  const rows: Array<[string, string]> = [
    ['classifier', report.classifier],
    [
      'window fraction',
      report.windowFraction === null ? '-' : `${report.windowFraction}${report.learnedWindow ? ' (learned)' : ''}`,
    ],
    ['k', report.k === null ? '-' : String(report.k)],
    ['normalise', report.normalise],
    ['train / test cases', `${report.trainSize} / ${report.testSize}`],
    ['accuracy', percent(report.accuracy)],
    ['error rate', report.errorRate.toFixed(4)],
    ['AC@3 / Avg@5', `${percent(report.acAt3)} / ${percent(report.avgAt5)}`],
    ['seconds', report.seconds.toFixed(2)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`);
  lines.push('', `${'class'.padEnd(width)}  precision  recall  support`);
  for (const c of report.perClass) {
    const precision = Number.isNaN(c.precision) ? '-' : c.precision.toFixed(3);
    lines.push(
      `${c.label.padEnd(width)}  ${precision.padStart(9)}  ${c.recall.toFixed(3).padStart(6)}  ${String(c.support).padStart(7)}`
    );
  }
  return `${lines.join('\n')}\n`;
}
