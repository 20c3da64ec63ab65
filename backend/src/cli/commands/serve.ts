import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig';
import { continuousResults, startBackendContinuous } from '../../continuous/startBackendContinuous';
import { createBackend } from '../../service/createBackend';
import { UsageError } from '../usageError';
import type { CommandRegistrar } from './index';

/** `culprit serve`: runs the HTTP API until SIGINT/SIGTERM, then drains requests and jobs. */
export const registerServe: CommandRegistrar = (program: Command) => {
  program
    .command('serve')
    .description('Run the backend HTTP API (docs/api.md) for the Grafana datasource')
    .option('-c, --config <file>', 'culprit.yaml (default: $CULPRIT_CONFIG, then ./culprit.yaml)')
    .option('--port <port>', 'override listen.port')
    .option('--continuous', 'diagnose the latest window every step and export the scores on /metrics (for alerting)')
    .option('--continuous-step <seconds>', 'step of --continuous (default: stepSeconds of the config)')
    .action(async (options: { config?: string; port?: string; continuous?: boolean; continuousStep?: string }) => {
      const config = loadConfig(options.config);
      const listen = { ...config.listen, ...(options.port !== undefined ? { port: Number(options.port) } : {}) };
      const continuousStep = parseContinuousStep(options.continuousStep, config.stepSeconds);
      const continuous = options.continuous ? continuousResults(continuousStep) : undefined;
      const backend = createBackend({ ...config, listen }, { version: readVersion(), logger: true, continuous });
      if (config.api.tokens.length === 0) {
        process.stderr.write(
          'culprit: warning: api.tokens is empty, so every route but /api/health and /metrics answers 401\n'
        );
      }
      const address = await backend.app.listen({ host: listen.host, port: listen.port });
      process.stderr.write(
        `culprit: serving on ${address} (store ${config.store.path}, Prometheus ${config.prometheus.url})\n`
      );
      const loop = continuous
        ? startBackendContinuous(backend, continuous, { stepSeconds: continuousStep })
        : undefined;
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await loop?.stop();
      await backend.close();
    });
};

function parseContinuousStep(value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) {
    throw new UsageError(`--continuous-step must be a number of seconds from 1 to 3600, got "${value}"`);
  }
  return seconds;
}

function readVersion(): string {
  return (require('../../../../package.json') as { version: string }).version;
}
