import type { Command } from 'commander';
import { runLab } from '../../lab/runLab';
import { UsageError } from '../usageError';
import type { CommandRegistrar } from '.';

/** `culprit lab [--quick]`: the whole loop without Docker (what `npm run lab` runs). */
export const registerLab: CommandRegistrar = (program: Command) => {
  program
    .command('lab')
    .description(
      'Run the shop as processes with load, a real Prometheus, a fault campaign (local driver), then train and evaluate a model.'
    )
    .option('--quick', 'the short campaign of plans/lab-quick.yaml (CI-sized, about 7 min)')
    .option('--plan <file>', 'another campaign plan (local driver)')
    .option('--dir <directory>', 'where the store, report, logs and Prometheus data go (default .culprit/lab-<time>)')
    .option('--serve', 'afterwards, keep the shop and Prometheus up and serve the model (culprit serve) until Ctrl-C')
    .option('--load <journeys>', 'user journeys started per second by the load generator', '4')
    .action(async (flags: { quick?: boolean; serve?: boolean; plan?: string; dir?: string; load: string }) => {
      const journeysPerSecond = Number(flags.load);
      if (!Number.isFinite(journeysPerSecond) || journeysPerSecond <= 0 || journeysPerSecond > 200) {
        throw new UsageError(`--load must be a number of journeys per second from 0 to 200, got ${flags.load}`);
      }
      process.exitCode = await runLab({
        quick: flags.quick === true,
        plan: flags.plan,
        directory: flags.dir,
        journeysPerSecond,
        serve: flags.serve === true,
        log: (line) => process.stderr.write(`${line}\n`),
      });
    });
};
