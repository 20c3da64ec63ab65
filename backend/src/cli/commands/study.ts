import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig';
import { createPrometheusClient } from '../../prometheus/prometheusClient';
import { readStoredEpisodes } from '../storedEpisodes';
import { requiredSpan } from '../../study/caseWindow';
import { exportStudyCases } from '../../study/exportStudyCases';
import { markdownReport } from '../../study/markdownReport';
import { DEFAULT_STUDY_SETTINGS, runStudy, type ShiftSetInput, type StudySettings } from '../../study/runStudy';
import { DEFAULT_SHIFT_SET_SETTINGS } from '../../study/shiftProtocol';
import { loadStudyCases } from '../../study/loadStudyCases';
import { assertBaselineDeviationOptions, STUDY_BASELINE_DEVIATION } from '../../core/transforms/baselineDeviation';
import {
  baselineDeviationScaler,
  DEFAULT_STUDY_CLASSIFIERS,
  liveInstanceScaler,
  studyClassifierEntries,
} from '../../study/studyClassifiers';
import type { WindowScaler } from '../../study/studyProtocols';
import type { StudyDataset } from '../../study/studyCase';
import { writeStudyReport } from '../../study/writeStudyReport';
import { UsageError } from '../usageError';
import type { CommandRegistrar } from '.';

interface StudyFlags {
  store?: string;
  config?: string;
  normal: string;
  classifiers: string;
  json?: boolean;
  out?: string;
  windowSeconds: string;
  baselineSeconds: string;
  shifts: string;
  clip: string;
  minSd: string;
  minRelativeSd: string;
  liveScaling?: boolean;
  shiftSet?: string;
  maxFalseUnknown: string;
  shiftWindowSeconds: string;
  shiftLeadSeconds: string;
  shiftBaselineSeconds: string;
  progress: boolean;
}

/** `culprit study DIR`: compares every classifier and the N-Sigma baseline on a labelled data set. */
export const registerStudy: CommandRegistrar = (program: Command) => {
  program
    .command('study')
    .description(
      'Compare the classifiers (and an unsupervised N-Sigma baseline) on a labelled data set: leave-one-episode-out ' +
        'accuracy, onset-shift robustness, unknown answers for unseen fault kinds, latency.'
    )
    .argument('[dir]', 'folder of study case folders (data.csv[.gz] + label.json each), e.g. fixtures/shop-study/cases')
    .option('--store <file>', 'instead of a folder: the episodes of this store, with their data from Prometheus')
    .option(
      '--config <file>',
      'with --store: culprit.yaml (Prometheus, services, catalogue, step; default $CULPRIT_CONFIG)'
    )
    .option('--normal <n>', 'with --store: normal windows taken from quiet stretches between episodes', '8')
    .option(
      '--classifiers <names>',
      `comma-separated, from ${DEFAULT_STUDY_CLASSIFIERS.join(', ')}`,
      DEFAULT_STUDY_CLASSIFIERS.join(',')
    )
    .option('--json', 'print the report as one JSON object instead of a Markdown table')
    .option('--out <dir>', 'also write report.json, report.md, index.html and the SVG plots to this folder')
    .option('--window-seconds <s>', 'length of the diagnosed window', String(DEFAULT_STUDY_SETTINGS.windowSeconds))
    .option(
      '--baseline-seconds <s>',
      'length of the baseline just before the window',
      String(DEFAULT_STUDY_SETTINGS.baselineSeconds)
    )
    .option(
      '--shifts <list>',
      'onset shifts to test, in seconds (comma-separated)',
      DEFAULT_STUDY_SETTINGS.shiftsSeconds.join(',')
    )
    .option(
      '--clip <n>',
      'largest deviation from the baseline kept, in baseline scales',
      String(STUDY_BASELINE_DEVIATION.clip)
    )
    .option('--min-sd <x>', 'absolute floor on the baseline scale of a feature', String(STUDY_BASELINE_DEVIATION.minSd))
    .option(
      '--min-relative-sd <x>',
      'floor on the baseline scale relative to the baseline mean',
      String(STUDY_BASELINE_DEVIATION.minRelativeSd)
    )
    .option('--live-scaling', "scale windows with the live instance builder's fixed settings (clip 10) instead")
    .option(
      '--shift-set <dir>',
      'study case folders recorded apart from DIR with long quiet gaps (e.g. fixtures/shop-study/shift-cases): ' +
        'the onset-shift protocol then diagnoses long windows of these, shifted by --shifts'
    )
    .option(
      '--shift-window-seconds <s>',
      'with --shift-set: length of the diagnosed window',
      String(DEFAULT_SHIFT_SET_SETTINGS.windowSeconds)
    )
    .option(
      '--shift-lead-seconds <s>',
      'with --shift-set: how long before the onset the unshifted window starts',
      String(DEFAULT_SHIFT_SET_SETTINGS.leadSeconds)
    )
    .option(
      '--shift-baseline-seconds <s>',
      'with --shift-set: length of the baseline before the window',
      String(DEFAULT_SHIFT_SET_SETTINGS.baselineSeconds)
    )
    .option(
      '--max-false-unknown <rate>',
      'unknown protocol: the largest false-unknown rate the threshold may have on its training fold (1: no limit, ' +
        'the threshold maximises recall − false-unknown rate)',
      '1'
    )
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (dir: string | undefined, flags: StudyFlags) => {
      const settings = parseSettings(flags);
      const entries = studyClassifierEntriesOrUsage(flags.classifiers, Number(flags.maxFalseUnknown));
      if ((dir === undefined) === (flags.store === undefined)) {
        throw new UsageError(
          'give either a folder of study cases or --store FILE (with --config), not both or neither'
        );
      }
      const folder = dir ?? (await exportFromStore(flags, settings));
      let dataset: StudyDataset;
      try {
        dataset = loadStudyCases(folder);
      } catch (error) {
        throw new UsageError(`cannot load the study data set: ${(error as Error).message}`);
      }
      const shiftSet = loadShiftSet(flags, settings);
      const first = dataset.cases[0];
      const bar = flags.progress
        ? new SingleBar({
            format: 'study [{bar}] {value}/{total} folds | {current}',
            stream: process.stderr,
            hideCursor: true,
          })
        : null;
      const report = runStudy(
        dataset,
        entries,
        settings,
        scalerOf(flags, first.featureNames, first.stepSeconds),
        {
          now: () => performance.now(),
          onStart: (total) => bar?.start(total, 0, { current: 'preparing' }),
          onProgress: (done, current) => bar?.update(done, { current }),
        },
        shiftSet
      );
      bar?.stop();
      if (flags.out !== undefined) {
        const files = writeStudyReport(flags.out, report);
        process.stderr.write(`culprit: wrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}\n`);
      }
      process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${markdownReport(report)}\n`);
    });
};

/**
 * Writes the store's episodes (and quiet normal windows), with just the data around each onset that the settings
 * need, as study cases in a temporary folder, and returns it.
 */
async function exportFromStore(flags: StudyFlags, settings: StudySettings): Promise<string> {
  const config = loadConfig(flags.config);
  if (config.services.kind !== 'list') {
    throw new UsageError('--store needs the services listed in the config (services: [a, b, ...]), not discovered');
  }
  const episodes = readStoredEpisodes(flags.store as string);
  const normalWindows = Number(flags.normal);
  if (!Number.isInteger(normalWindows) || normalWindows < 0) {
    throw new UsageError(`--normal must be a whole number ≥ 0, got "${flags.normal}"`);
  }
  const span = requiredSpan(settings, settings.shiftsSeconds);
  const folder = mkdtempSync(path.join(os.tmpdir(), 'culprit-study-cases-'));
  process.stderr.write(`culprit: exporting ${episodes.length} episodes from ${config.prometheus.url} to ${folder}\n`);
  await exportStudyCases(
    {
      api: createPrometheusClient(config.prometheus),
      services: config.services.names,
      catalogue: config.catalogue,
      stepSeconds: config.stepSeconds,
      queryConcurrency: config.limits.queryConcurrency,
    },
    episodes,
    folder,
    {
      beforeSeconds: span.before,
      afterSeconds: span.after,
      normalWindows,
      recoverySeconds: 30,
      normalBeforeSeconds: settings.baselineSeconds,
      normalAfterSeconds: settings.windowSeconds,
      idPrefix: '',
    }
  );
  return folder;
}

function parseSettings(flags: StudyFlags): StudySettings {
  const seconds = (value: string, flag: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0) {
      throw new UsageError(`${flag} must be a positive whole number of seconds, got "${value}"`);
    }
    return parsed;
  };
  const shiftsSeconds = flags.shifts
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const parsed = Number(s);
      if (!Number.isInteger(parsed)) {
        throw new UsageError(`--shifts must be whole seconds separated by commas (e.g. -60,-30,30,60), got "${s}"`);
      }
      return parsed;
    });
  return {
    windowSeconds: seconds(flags.windowSeconds, '--window-seconds'),
    baselineSeconds: seconds(flags.baselineSeconds, '--baseline-seconds'),
    shiftsSeconds,
  };
}

/** The shift set and its protocol settings, when `--shift-set` is given. */
function loadShiftSet(flags: StudyFlags, settings: StudySettings): ShiftSetInput | undefined {
  if (flags.shiftSet === undefined) {
    return undefined;
  }
  const seconds = (value: string, flag: string, min: number): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min) {
      throw new UsageError(`${flag} must be a number of seconds ≥ ${min}, got "${value}"`);
    }
    return parsed;
  };
  const shiftSettings = {
    windowSeconds: seconds(flags.shiftWindowSeconds, '--shift-window-seconds', settings.windowSeconds),
    leadSeconds: seconds(flags.shiftLeadSeconds, '--shift-lead-seconds', 0),
    baselineSeconds: seconds(flags.shiftBaselineSeconds, '--shift-baseline-seconds', 1),
    shiftsSeconds: settings.shiftsSeconds,
  };
  try {
    return { dataset: loadStudyCases(flags.shiftSet), settings: shiftSettings };
  } catch (error) {
    throw new UsageError(`cannot load the shift set: ${(error as Error).message}`);
  }
}

/** The window scaler the flags ask for: the live builder, or the core's baseline deviation with the given settings. */
function scalerOf(flags: StudyFlags, featureNames: readonly string[], stepSeconds: number): WindowScaler {
  if (flags.liveScaling === true) {
    return liveInstanceScaler(featureNames, stepSeconds);
  }
  const options = { clip: Number(flags.clip), minSd: Number(flags.minSd), minRelativeSd: Number(flags.minRelativeSd) };
  try {
    assertBaselineDeviationOptions(options);
  } catch (error) {
    throw new UsageError(`--clip/--min-sd/--min-relative-sd: ${(error as Error).message}`);
  }
  return baselineDeviationScaler(options);
}

function studyClassifierEntriesOrUsage(
  list: string,
  maxFalseUnknownRate: number
): ReturnType<typeof studyClassifierEntries> {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) {
    throw new UsageError(`--classifiers needs at least one name from ${DEFAULT_STUDY_CLASSIFIERS.join(', ')}`);
  }
  try {
    return studyClassifierEntries(names, { maxFalseUnknownRate });
  } catch (error) {
    throw new UsageError(`--classifiers/--max-false-unknown: ${(error as Error).message}`);
  }
}
