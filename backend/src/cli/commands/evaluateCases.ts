import { existsSync, statSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { createStageProgress } from '../stageProgress';
import { CASE_SCALINGS, type CaseScaling, caseSeries } from '../../cases/caseSeries';
import { loadCaseFolders } from '../../cases/loadCaseFolders';
import { CLASSIFIER_NAMES, type ClassifierName, type ClassifierSpecInput } from '../../core/classifiers/classifierSpec';
import { crossValidate } from '../../core/evaluation/evaluateClassifier';
import { acAtK, accuracy, avgAtK, collapseToServices, serviceOf } from '../../core/evaluation/metrics';
import { leaveOneOut } from '../../core/evaluation/splits';
import { positiveIntegerFlag, windowFractionFlag } from '../flagValues';
import { UsageError } from '../usageError';
import type { CommandRegistrar } from '.';

interface EvaluateCasesFlags {
  classifier: ClassifierName;
  k?: string;
  windowFraction?: string;
  learnWindow?: boolean;
  normalise: CaseScaling;
  json?: boolean;
}

/** The `--json` answer of `culprit evaluate-cases`. */
export interface EvaluateCasesReport {
  readonly cases: number;
  readonly classifier: ClassifierName;
  readonly k: number | null;
  readonly windowFraction: number | null;
  readonly learnWindow: boolean;
  readonly normalise: CaseScaling;
  /** Cases scaled by their normal.csv baseline, by their first quarter, by z-norm, raw. */
  readonly scaledBy: Record<string, number>;
  readonly features: number;
  readonly droppedFeatures: string[];
  readonly classes: number;
  /** Service level: the ranking collapsed to services (a service scores the sum of its classes). */
  readonly service: { ac1: number; ac3: number; avg5: number; accuracy: number };
  readonly serviceFault: { accuracy: number; ac1: number; ac3: number; avg5: number };
  readonly unknownAnswers: number;
  /** Rows are true `<service>/<fault>` labels, columns predicted ones, in `labels` order. */
  readonly confusion: { labels: string[]; matrix: number[][] };
  readonly seconds: number;
  readonly predictions: Array<{ case: string; truth: string; predicted: string }>;
}

/** `culprit evaluate-cases DIR --classifier NAME`: leave-one-case-out accuracy on a folder of RCA cases. */
export const registerEvaluateCases: CommandRegistrar = (program: Command) => {
  program
    .command('evaluate-cases')
    .summary('Leave-one-case-out accuracy of a classifier on a folder of RCA case folders')
    .description(
      'Leave-one-case-out evaluation of a classifier on a folder of case folders (RCA-benchmark convention: ' +
        'data.csv or anomalous.csv [+ normal.csv], label from label.json or a <service>-<fault> ancestor folder).\n' +
        'Scaling (--normalise auto, the default): a case with a normal.csv is read relative to that baseline ' +
        "(the core's baseline normalisation), any other case is z-normalised per series."
    )
    .argument('<dir>', 'folder holding the case folders')
    .addOption(new Option('--classifier <name>', 'classifier').choices([...CLASSIFIER_NAMES]).makeOptionMandatory())
    .option('--k <n>', 'neighbours that vote (ed, dtw-d, dtw-i; default 1)')
    .option('--window-fraction <f>', 'Sakoe-Chiba window as a fraction of the length, 0..1 (DTW; default 0.1)')
    .option('--learn-window', 'learn the DTW window per fold by leave-one-out 1-NN accuracy on the training cases')
    .addOption(
      new Option(
        '--normalise <kind>',
        'auto: normal.csv baseline when present, else per-series z-norm; baseline: normal.csv or the first quarter; znorm; none'
      )
        .choices([...CASE_SCALINGS])
        .default('auto')
    )
    .option('--json', 'print one JSON object instead of a table')
    .action((dir: string, flags: EvaluateCasesFlags) => {
      const report = evaluateCases(dir, flags);
      process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : formatTable(report));
    });
};

function evaluateCases(dir: string, flags: EvaluateCasesFlags): EvaluateCasesReport {
  const spec = specFromFlags(flags);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`${dir} is not a folder; give the folder that holds the case folders`);
  }
  const progress = createStageProgress();
  const cases = loadCaseFolders(dir, (done, total) => progress.update('reading cases', done, total));
  if (cases.length < 2) {
    progress.stop();
    throw new UsageError(`${dir} holds ${cases.length} case; leave-one-case-out needs at least 2`);
  }
  const prepared = caseSeries(cases, flags.normalise);
  const labels = cases.map((c) => c.label.label);
  const started = process.hrtime.bigint();
  const report = crossValidate(spec, prepared.series, labels, leaveOneOut(cases.length), (stage, done, total) =>
    progress.update(stage === 'folds' ? 'leave-one-case-out' : stage, done, total)
  );
  progress.stop();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const truths = report.cases.map((c) => c.truth);
  const serviceTruths = truths.map(serviceOf);
  const servicePredictions = report.cases.map((c) => collapseToServices(c.prediction));
  const scaledBy: Record<string, number> = {};
  for (const how of prepared.scaledBy) {
    scaledBy[how] = (scaledBy[how] ?? 0) + 1;
  }
  const resolved = typeof spec === 'string' ? { classifier: spec } : spec;
  return {
    cases: cases.length,
    classifier: flags.classifier,
    k: flags.classifier === 'minirocket' ? null : (resolved.k ?? 1),
    windowFraction: flags.classifier.startsWith('dtw') && !flags.learnWindow ? (resolved.windowFraction ?? 0.1) : null,
    learnWindow: Boolean(flags.learnWindow),
    normalise: flags.normalise,
    scaledBy,
    features: prepared.featureNames.length,
    droppedFeatures: prepared.droppedFeatures,
    classes: new Set(labels).size,
    service: {
      ac1: acAtK(serviceTruths, servicePredictions, 1),
      ac3: acAtK(serviceTruths, servicePredictions, 3),
      avg5: avgAtK(serviceTruths, servicePredictions, 5),
      accuracy: accuracy(
        serviceTruths,
        servicePredictions.map((p) => p.label)
      ),
    },
    serviceFault: { accuracy: report.accuracy, ac1: report.acAt1, ac3: report.acAt3, avg5: report.avgAt5 },
    unknownAnswers: report.cases.filter((c) => c.prediction.unknown).length,
    confusion: { labels: report.confusion.labels, matrix: report.confusion.counts },
    seconds,
    predictions: report.cases.map((c) => ({ case: cases[c.index].id, truth: c.truth, predicted: c.prediction.label })),
  };
}

function specFromFlags(flags: EvaluateCasesFlags): ClassifierSpecInput {
  const isDtw = flags.classifier === 'dtw-d' || flags.classifier === 'dtw-i';
  if (flags.windowFraction !== undefined && flags.learnWindow) {
    throw new UsageError('give either --window-fraction or --learn-window, not both');
  }
  if (!isDtw && (flags.windowFraction !== undefined || flags.learnWindow)) {
    throw new UsageError(`--window-fraction and --learn-window apply to dtw-d and dtw-i, not ${flags.classifier}`);
  }
  if (flags.classifier === 'minirocket') {
    if (flags.k !== undefined) {
      throw new UsageError('--k applies to the nearest-neighbour classifiers (ed, dtw-d, dtw-i), not minirocket');
    }
    return { classifier: 'minirocket' };
  }
  const k = flags.k !== undefined ? positiveIntegerFlag('--k', flags.k) : undefined;
  const windowFraction = flags.windowFraction !== undefined ? windowFractionFlag(flags.windowFraction) : undefined;
  // Leave-one-case-out scores the ranking; an "unknown" answer would only hide it, so rejection stays off.
  return {
    classifier: flags.classifier,
    rejectUnknown: false,
    ...(k !== undefined ? { k } : {}),
    ...(windowFraction !== undefined ? { windowFraction } : {}),
    ...(flags.learnWindow ? { learnWindow: true } : {}),
  };
}

function formatTable(report: EvaluateCasesReport): string {
  const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
  const scaled = Object.entries(report.scaledBy)
    .map(([how, n]) => `${n} by ${how}`)
    .join(', ');
  const rows: Array<[string, string]> = [
    ['cases / classes', `${report.cases} / ${report.classes}`],
    ['classifier', report.classifier],
    ['k', report.k === null ? '-' : String(report.k)],
    ['window fraction', report.learnWindow ? 'learned per fold' : String(report.windowFraction ?? '-')],
    ['scaling', `${report.normalise} (${scaled})`],
    [
      'features',
      `${report.features}${report.droppedFeatures.length ? ` (${report.droppedFeatures.length} not in every case, left out)` : ''}`,
    ],
    [
      'service AC@1 / AC@3 / Avg@5',
      `${percent(report.service.ac1)} / ${percent(report.service.ac3)} / ${percent(report.service.avg5)}`,
    ],
    ['service+fault accuracy', percent(report.serviceFault.accuracy)],
    ['service+fault AC@3 / Avg@5', `${percent(report.serviceFault.ac3)} / ${percent(report.serviceFault.avg5)}`],
    ['seconds', report.seconds.toFixed(2)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`);
  lines.push('', 'confusion (rows: truth, columns: predicted, in this order):');
  const labelWidth = Math.max(...report.confusion.labels.map((l) => l.length));
  report.confusion.labels.forEach((label, i) => {
    lines.push(`${label.padEnd(labelWidth)}  ${report.confusion.matrix[i].map((n) => String(n).padStart(3)).join('')}`);
  });
  return `${lines.join('\n')}\n`;
}
