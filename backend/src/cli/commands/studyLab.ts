import type { Command } from 'commander';
import { runStudyLab } from '../../study/studyLab';
import { UsageError } from '../usageError';
import type { CommandRegistrar } from '.';

interface StudyLabFlags {
  plan: string;
  dir: string;
  out: string;
  journeysPerSecond: string;
  loadSeed: string;
  load: string;
  idPrefix: string;
  step: string;
  cpus: string;
  before: string;
  after: string;
  normal: string;
  recovery: string;
  normalBefore: string;
  normalAfter: string;
  quietTail: string;
}

/**
 * `culprit study-lab`: collects study data in one go: a fresh lab (shop, supervisor, Prometheus), one campaign plan,
 * and the export of its episodes as study case folders. Several can run side by side (free ports, own cgroups).
 */
export const registerStudyLab: CommandRegistrar = (program: Command) => {
  program
    .command('study-lab')
    .description('Run a campaign plan in a fresh Docker-less lab and export its episodes as study case folders.')
    .requiredOption('--plan <file>', 'campaign plan, e.g. plans/study-part1.yaml')
    .requiredOption('--dir <dir>', 'working folder (store, Prometheus data, logs)')
    .requiredOption('--out <dir>', 'folder for the study case folders')
    .option('--journeys-per-second <n>', 'load generator rate', '4')
    .option('--load-seed <n>', 'load generator seed', '1')
    .option('--load <level>', 'load level recorded in every label', 'base')
    .option('--id-prefix <p>', 'prefix of episode ids in the export', '')
    .option('--step <s>', 'grid step of the export, seconds', '2')
    .option('--cpus <cores>', 'CPU limit of each service, cores', '0.5')
    .option('--before <s>', 'seconds of data before each onset', '90')
    .option('--after <s>', 'seconds of data from each onset on', '100')
    .option('--normal <n>', 'normal windows to export', '4')
    .option('--normal-before <s>', 'seconds of data before a normal window (its baseline)', '30')
    .option('--normal-after <s>', 'seconds of data from a normal window on (the window)', '40')
    .option('--quiet-tail <s>', 'quiet seconds recorded after the campaign, for normal windows', '240')
    .option('--recovery <s>', 'seconds after a fault during which no normal window starts', '20')
    .action(async (flags: StudyLabFlags) => {
      const number = (value: string, flag: string, min: number, integer = true): number => {
        const parsed = Number(value);
        if (!Number.isFinite(parsed) || parsed < min || (integer && !Number.isInteger(parsed))) {
          throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} ≥ ${min}, got "${value}"`);
        }
        return parsed;
      };
      process.exitCode = await runStudyLab(
        {
          planFile: flags.plan,
          dir: flags.dir,
          outDir: flags.out,
          journeysPerSecond: number(flags.journeysPerSecond, '--journeys-per-second', 0.1, false),
          loadSeed: number(flags.loadSeed, '--load-seed', 0),
          load: flags.load,
          idPrefix: flags.idPrefix,
          stepSeconds: number(flags.step, '--step', 1, false),
          cpuLimitCores: number(flags.cpus, '--cpus', 0.05, false),
          export: {
            beforeSeconds: number(flags.before, '--before', 1),
            afterSeconds: number(flags.after, '--after', 1),
            normalWindows: number(flags.normal, '--normal', 0),
            recoverySeconds: number(flags.recovery, '--recovery', 0),
            normalBeforeSeconds: number(flags.normalBefore, '--normal-before', 1),
            normalAfterSeconds: number(flags.normalAfter, '--normal-after', 1),
          },
          quietTailSeconds: number(flags.quietTail, '--quiet-tail', 0),
        },
        (line) => process.stderr.write(`culprit: ${line}\n`)
      );
    });
};
