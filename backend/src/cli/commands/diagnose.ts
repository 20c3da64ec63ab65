import type { Command } from 'commander';
import { UsageError } from '../usageError';
import { asCliError, openCliContext, timeFlag } from '../../service/cliContext';
import type { Diagnosis } from '../../service/diagnosisService';
import type { CommandRegistrar } from './index';

/** `culprit diagnose --from --to`: one diagnosis, as the API would answer it. */
export const registerDiagnose: CommandRegistrar = (program: Command) => {
  program
    .command('diagnose')
    .description('Diagnose a time window with the active model (or --model)')
    .requiredOption('--from <time>', 'window start: epoch ms or RFC 3339')
    .requiredOption('--to <time>', 'window end: epoch ms or RFC 3339')
    .option('--model <id>', 'model id (default: the active model)')
    .option('--json', 'print the API JSON (docs/api.md) instead of a summary')
    .option('-c, --config <file>', 'culprit.yaml (default: $CULPRIT_CONFIG, then ./culprit.yaml)')
    .action(async (options: { from: string; to: string; model?: string; json?: boolean; config?: string }) => {
      const from = timeFlag(options.from, '--from');
      const to = timeFlag(options.to, '--to');
      if (!(from < to)) {
        throw new UsageError(
          `--from must be before --to (got ${new Date(from).toISOString()} .. ${new Date(to).toISOString()})`
        );
      }
      const modelId = options.model === undefined ? undefined : Number(options.model);
      if (modelId !== undefined && !(Number.isInteger(modelId) && modelId > 0)) {
        throw new UsageError(`--model must be a model id (a positive integer), got "${options.model}"`);
      }
      const context = openCliContext(options.config);
      try {
        const diagnosis = await context.diagnosis.diagnose(from, to, modelId);
        process.stdout.write(options.json ? `${JSON.stringify(diagnosis, null, 2)}\n` : summarise(diagnosis));
      } catch (error) {
        throw asCliError(error);
      } finally {
        context.close();
      }
    });
};

function summarise(diagnosis: Diagnosis): string {
  const lines = [
    `window   ${new Date(diagnosis.window.from).toISOString()} .. ${new Date(diagnosis.window.to).toISOString()} (step ${diagnosis.window.stepSeconds} s)`,
    `model    #${diagnosis.model.id} ${diagnosis.model.name} (${diagnosis.model.classifier})`,
    diagnosis.culprit
      ? `culprit  ${diagnosis.culprit.service} / ${diagnosis.culprit.fault}  confidence ${diagnosis.culprit.confidence.toFixed(2)}`
      : `culprit  none (${diagnosis.status === 'unknown' ? 'unknown: nothing in the library is close' : 'looks normal'})`,
    'ranking',
    ...diagnosis.ranking.slice(0, 5).map((entry) => `  ${entry.score.toFixed(3)}  ${entry.label}`),
    'nearest episodes',
    ...diagnosis.neighbours
      .slice(0, 3)
      .map(
        (n) =>
          `  ${n.distance.toFixed(3)}  ${n.service ?? ''}/${n.fault}  ${n.episodeId === null ? 'normal window' : `episode #${n.episodeId}`} at ${new Date(n.start).toISOString()}`
      ),
    'features that moved most',
    ...diagnosis.topFeatures.slice(0, 5).map((feature) => `  ${feature.weight.toFixed(3)}  ${feature.feature}`),
    `quality  ${(diagnosis.quality.missingFraction * 100).toFixed(1)} % missing${diagnosis.quality.servicesWithoutData.length ? `, no data for ${diagnosis.quality.servicesWithoutData.join(', ')}` : ''}`,
    `timings  query ${diagnosis.timings.queryMs} ms, classify ${diagnosis.timings.classifyMs} ms, total ${diagnosis.timings.totalMs} ms`,
  ];
  return `${lines.join('\n')}\n`;
}
