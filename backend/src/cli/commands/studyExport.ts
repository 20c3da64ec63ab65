import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig';
import { createPrometheusClient } from '../../prometheus/prometheusClient';
import { readStoredEpisodes } from '../storedEpisodes';
import { exportStudyCases } from '../../study/exportStudyCases';
import { UsageError } from '../usageError';
import type { CommandRegistrar } from '.';

interface ExportFlags {
  store: string;
  config?: string;
  out: string;
  before: string;
  after: string;
  normal: string;
  recovery: string;
  normalBefore?: string;
  normalAfter?: string;
  from?: string;
  to?: string;
  load?: string;
  idPrefix: string;
  progress: boolean;
}

/**
 * `culprit study-export`: writes a store's episodes (and normal windows between them) as study case folders, with
 * enough data around each onset for shifted windows. The case-folder export of `culprit episodes export` cuts at the
 * episode's own bounds; the study needs the minutes before and after as well.
 */
export const registerStudyExport: CommandRegistrar = (program: Command) => {
  program
    .command('study-export')
    .description('Export episodes from a store, with data around each onset from Prometheus, as study case folders.')
    .requiredOption('--store <file>', 'Culprit store (SQLite) with the campaign episodes')
    .option(
      '--config <file>',
      'culprit.yaml: Prometheus URL, services, feature catalogue, step (default $CULPRIT_CONFIG)'
    )
    .requiredOption('--out <dir>', 'folder to write the case folders to')
    .option('--before <s>', 'seconds of data before each onset', '120')
    .option('--after <s>', 'seconds of data from each onset on', '120')
    .option('--normal <n>', 'normal windows to export from quiet stretches between episodes', '12')
    .option('--recovery <s>', 'seconds after a fault ends that no normal window may overlap', '30')
    .option('--normal-before <s>', 'seconds of data before a normal window (default: --before)')
    .option('--normal-after <s>', 'seconds of data from a normal window on (default: --after)')
    .option('--from <unix-s>', 'normal windows start no earlier than this (default: around the first episode)')
    .option('--to <unix-s>', 'normal windows end no later than this (default: around the last episode)')
    .option('--load <level>', 'load level the campaign ran at, recorded in every label (e.g. base, high)')
    .option('--id-prefix <p>', 'prefix of episode ids, so several stores can be exported into one folder', '')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (flags: ExportFlags) => {
      const seconds = (value: string, flag: string, min: number): number => {
        const parsed = Number(value);
        if (!Number.isInteger(parsed) || parsed < min) {
          throw new UsageError(`${flag} must be a whole number ≥ ${min}, got "${value}"`);
        }
        return parsed;
      };
      const settings = {
        beforeSeconds: seconds(flags.before, '--before', 1),
        afterSeconds: seconds(flags.after, '--after', 1),
        normalWindows: seconds(flags.normal, '--normal', 0),
        recoverySeconds: seconds(flags.recovery, '--recovery', 0),
        normalBeforeSeconds:
          flags.normalBefore === undefined ? undefined : seconds(flags.normalBefore, '--normal-before', 1),
        normalAfterSeconds:
          flags.normalAfter === undefined ? undefined : seconds(flags.normalAfter, '--normal-after', 1),
        earliestSeconds: flags.from === undefined ? undefined : seconds(flags.from, '--from', 0),
        latestSeconds: flags.to === undefined ? undefined : seconds(flags.to, '--to', 0),
        load: flags.load,
        idPrefix: flags.idPrefix,
      };
      const config = loadConfig(flags.config);
      const api = createPrometheusClient(config.prometheus);
      const episodes = readStoredEpisodes(flags.store);
      if (config.services.kind !== 'list') {
        throw new UsageError(
          'study-export needs the services listed in the config (services: [a, b, ...]), not discovered'
        );
      }
      const services = [...config.services.names];
      const bar = flags.progress
        ? new SingleBar({ format: 'export [{bar}] {value}/{total} cases', stream: process.stderr, hideCursor: true })
        : null;
      bar?.start(1, 0);
      const written = await exportStudyCases(
        {
          api,
          services,
          catalogue: config.catalogue,
          stepSeconds: config.stepSeconds,
          queryConcurrency: config.limits.queryConcurrency,
        },
        episodes,
        flags.out,
        settings,
        (done, total) => {
          bar?.setTotal(total);
          bar?.update(done);
        }
      );
      bar?.stop();
      process.stderr.write(`culprit: wrote ${written.length} case folders to ${flags.out}\n`);
    });
};
