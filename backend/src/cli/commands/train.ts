import { Command } from 'commander';
import { registerModels } from './models';
import type { CommandRegistrar } from '.';

/**
 * `culprit train`: the same command as `culprit models train` (issue 4 lists it at the top level). It is that very
 * command object — built by `registerModels` on a scratch program and moved here — so flags and behaviour never drift.
 */
export const registerTrain: CommandRegistrar = (program: Command) => {
  const scratch = new Command();
  registerModels(scratch);
  const train = scratch.commands.find((c) => c.name() === 'models')?.commands.find((c) => c.name() === 'train');
  if (!train) {
    throw new Error('registerModels no longer defines "models train"; update backend/src/cli/commands/train.ts');
  }
  train.copyInheritedSettings(program);
  train.description(`${train.description()} (same as culprit models train)`);
  program.addCommand(train);
};
