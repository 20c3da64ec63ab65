import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig';
import { createBackend } from '../../service/createBackend';
import type { CommandRegistrar } from './index';

/** `culprit serve`: runs the HTTP API until SIGINT/SIGTERM, then drains requests and jobs. */
export const registerServe: CommandRegistrar = (program: Command) => {
  program
    .command('serve')
    .description('Run the backend HTTP API (docs/api.md) for the Grafana datasource')
    .option('-c, --config <file>', 'culprit.yaml (default: $CULPRIT_CONFIG, then ./culprit.yaml)')
    .option('--port <port>', 'override listen.port')
    .action(async (options: { config?: string; port?: string }) => {
      const config = loadConfig(options.config);
      const listen = { ...config.listen, ...(options.port !== undefined ? { port: Number(options.port) } : {}) };
      const backend = createBackend({ ...config, listen }, { version: readVersion(), logger: true });
      if (config.api.tokens.length === 0) {
        process.stderr.write(
          'culprit: warning: api.tokens is empty, so every route but /api/health and /metrics answers 401\n'
        );
      }
      const address = await backend.app.listen({ host: listen.host, port: listen.port });
      process.stderr.write(
        `culprit: serving on ${address} (store ${config.store.path}, Prometheus ${config.prometheus.url})\n`
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await backend.close();
    });
};

function readVersion(): string {
  return (require('../../../../package.json') as { version: string }).version;
}
