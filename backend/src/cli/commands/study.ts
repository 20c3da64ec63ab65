import path from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { markdownReport } from '../../study/markdownReport';
import { DEFAULT_STUDY_SETTINGS, runStudy, type StudySettings } from '../../study/runStudy';
import { loadStudyCases } from '../../study/loadStudyCases';
import { DEFAULT_STUDY_CLASSIFIERS, liveInstanceScaler, studyClassifierEntries } from '../../study/studyClassifiers';
import type { StudyDataset } from '../../study/studyCase';
import { writeStudyReport } from '../../study/writeStudyReport';
import { UsageError } from '../usageError';
import type { CommandRegistrar } from '.';

interface StudyFlags {
  classifiers: string;
  json?: boolean;
  out?: string;
  windowSeconds: string;
  baselineSeconds: string;
  shifts: string;
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
    .argument('<dir>', 'folder of study case folders (data.csv[.gz] + label.json each), e.g. fixtures/shop-study/cases')
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
    .option('--no-progress', 'no progress bar on stderr')
    .action((dir: string, flags: StudyFlags) => {
      const settings = parseSettings(flags);
      const entries = studyClassifierEntriesOrUsage(flags.classifiers);
      let dataset: StudyDataset;
      try {
        dataset = loadStudyCases(dir);
      } catch (error) {
        throw new UsageError(`cannot load the study data set: ${(error as Error).message}`);
      }
      const first = dataset.cases[0];
      const bar = flags.progress
        ? new SingleBar({
            format: 'study [{bar}] {value}/{total} folds | {current}',
            stream: process.stderr,
            hideCursor: true,
          })
        : null;
      const report = runStudy(dataset, entries, settings, liveInstanceScaler(first.featureNames, first.stepSeconds), {
        now: () => performance.now(),
        onStart: (total) => bar?.start(total, 0, { current: 'preparing' }),
        onProgress: (done, current) => bar?.update(done, { current }),
      });
      bar?.stop();
      if (flags.out !== undefined) {
        const files = writeStudyReport(flags.out, report);
        process.stderr.write(`culprit: wrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}\n`);
      }
      process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${markdownReport(report)}\n`);
    });
};

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

function studyClassifierEntriesOrUsage(list: string): ReturnType<typeof studyClassifierEntries> {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) {
    throw new UsageError(`--classifiers needs at least one name from ${DEFAULT_STUDY_CLASSIFIERS.join(', ')}`);
  }
  try {
    return studyClassifierEntries(names);
  } catch (error) {
    throw new UsageError(`--classifiers: ${(error as Error).message}`);
  }
}
