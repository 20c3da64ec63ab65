import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { UsageError } from '../usageError';
import { checkClassifierSpec } from '../../models/coreClassifiers';
import { trainModel } from '../../models/trainModel';
import { asCliError, openCliContext } from '../../service/cliContext';
import type { CommandRegistrar } from './index';

const CONFIG_FLAG = ['-c, --config <file>', 'culprit.yaml (default: $CULPRIT_CONFIG, then ./culprit.yaml)'] as const;

/** `culprit models train|list|activate`. */
export const registerModels: CommandRegistrar = (program: Command) => {
  const models = program.command('models').description('Train, list and activate models');

  models
    .command('train')
    .description('Train a model on the fault library (episodes + normal windows between them) and store it')
    .requiredOption('--name <name>', 'model name (a new version if it exists)')
    .option(
      '--classifier <spec>',
      'ed | dtw-d | dtw-i | minirocket, or a JSON spec like {"classifier":"dtw-d","k":3}',
      'dtw-d'
    )
    .option('--normal-per-episode <n>', 'normal windows sampled per episode', '1')
    .option('--no-activate', 'store it without making it the active model')
    .option('--no-evaluate', 'skip the cross-validated evaluation')
    .option('--json', 'print the result as JSON')
    .option(...CONFIG_FLAG)
    .action(
      async (options: {
        name: string;
        classifier: string;
        normalPerEpisode: string;
        activate: boolean;
        evaluate: boolean;
        json?: boolean;
        config?: string;
      }) => {
        const spec = parseSpec(options.classifier);
        const normalPerEpisode = Number(options.normalPerEpisode);
        if (!(normalPerEpisode >= 0 && normalPerEpisode <= 10)) {
          throw new UsageError(`--normal-per-episode must be a number from 0 to 10, got "${options.normalPerEpisode}"`);
        }
        const context = openCliContext(options.config);
        const bar =
          options.json || !process.stderr.isTTY
            ? null
            : new SingleBar(
                { format: '{bar} {percentage}% {message}', stream: process.stderr },
                Presets.shades_classic
              );
        bar?.start(100, 0, { message: 'starting' });
        try {
          const report = await trainModel(
            { config: context.config, store: context.store, api: context.prometheus },
            {
              name: options.name,
              classifier: spec as never,
              normalPerEpisode,
              activate: options.activate,
              evaluate: options.evaluate,
            },
            (fraction, message) => bar?.update(Math.round(fraction * 100), { message })
          );
          bar?.stop();
          const evaluation = context.store.models.evaluation(report.model.id);
          if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ model: report.model, skipped: report.skipped, evaluation }, null, 2)}\n`
            );
          } else {
            process.stdout.write(
              `stored model ${report.model.id} "${report.model.name}" v${report.model.version} (${report.model.classifierKind}, ${report.model.training.length} instances)${report.model.active ? ', active' : ''}\n`
            );
            if (report.skipped.length > 0) {
              process.stdout.write(
                `skipped ${report.skipped.length} windows without enough data (first: ${report.skipped[0].reason})\n`
              );
            }
            if (evaluation) {
              process.stdout.write(
                `${evaluation.folds}-fold: accuracy ${evaluation.accuracy.toFixed(3)}, service ${evaluation.serviceAccuracy.toFixed(3)}, AC@1 ${evaluation.ac1.toFixed(3)}, AC@3 ${evaluation.ac3.toFixed(3)}, Avg@5 ${evaluation.avg5.toFixed(3)}\n`
              );
            }
          }
        } catch (error) {
          bar?.stop();
          throw asCliError(error);
        } finally {
          context.close();
        }
      }
    );

  models
    .command('list')
    .description('List models, newest first')
    .option('--json', 'print JSON')
    .option(...CONFIG_FLAG)
    .action((options: { json?: boolean; config?: string }) => {
      const context = openCliContext(options.config);
      try {
        const list = context.store.models.list();
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify(
              list.map(({ training, ...model }) => ({ ...model, instances: training.length })),
              null,
              2
            )}\n`
          );
          return;
        }
        for (const model of list) {
          process.stdout.write(
            `${model.active ? '*' : ' '} ${String(model.id).padStart(4)}  ${model.name} v${model.version}  ${model.classifierKind}  ${model.training.length} instances  ${new Date(model.createdAt).toISOString()}\n`
          );
        }
      } finally {
        context.close();
      }
    });

  models
    .command('activate')
    .description('Make a model the active one (a running service picks it up on its next request)')
    .argument('<id>')
    .option(...CONFIG_FLAG)
    .action((id: string, options: { config?: string }) => {
      const modelId = Number(id);
      if (!Number.isInteger(modelId) || modelId < 1) {
        throw new UsageError(`the model id must be a positive integer, got "${id}"`);
      }
      const context = openCliContext(options.config);
      try {
        if (!context.store.models.activate(modelId)) {
          throw new UsageError(`no model with id ${modelId} (culprit models list shows them)`);
        }
        process.stdout.write(`model ${modelId} is active\n`);
      } finally {
        context.close();
      }
    });
};

function parseSpec(text: string): string | Record<string, unknown> {
  let spec: string | Record<string, unknown> = text;
  if (text.trim().startsWith('{')) {
    try {
      spec = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`--classifier is not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    checkClassifierSpec(spec);
  } catch (error) {
    throw new UsageError(`--classifier: ${(error as Error).message}`);
  }
  return spec;
}
