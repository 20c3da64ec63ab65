import type { Command } from 'commander';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../usageError';
import { positiveIntegerFlag } from '../flagValues';
import { fetchFeatureGrid, type FeatureGrid } from '../../instances/featureGrid';
import { resolveServices } from '../../models/resolveServices';
import { asCliError, openCliContext, timeFlag } from '../../service/cliContext';
import {
  EPISODE_SOURCES,
  EpisodeValidationError,
  type Episode,
  type EpisodeSource,
  type NewEpisode,
} from '../../store/episodeStore';
import type { CommandRegistrar } from './index';

const CONFIG_FLAG = ['-c, --config <file>', 'culprit.yaml (default: $CULPRIT_CONFIG, then ./culprit.yaml)'] as const;

/** `culprit episodes list|add|delete|import|export`: the fault library from the command line. */
export const registerEpisodes: CommandRegistrar = (program: Command) => {
  const episodes = program.command('episodes').description('List, add, delete, import and export fault episodes');

  episodes
    .command('list')
    .description('List episodes, newest first')
    .option('--service <name>')
    .option('--fault <kind>')
    .option('--source <source>', EPISODE_SOURCES.join(' | '))
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .option(...CONFIG_FLAG)
    .action(
      (options: {
        service?: string;
        fault?: string;
        source?: string;
        limit: string;
        json?: boolean;
        config?: string;
      }) => {
        const source = checkSource(options.source);
        const limit = positiveIntegerFlag('--limit', options.limit);
        withStore(options.config, (context) => {
          const { episodes: list, total } = context.store.episodes.list({
            service: options.service,
            fault: options.fault,
            source,
            limit,
          });
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ episodes: list, total }, null, 2)}\n`);
            return;
          }
          for (const episode of list) {
            process.stdout.write(
              `${String(episode.id).padStart(5)}  ${episode.service}/${episode.fault}  ${new Date(episode.start).toISOString()} .. ${new Date(episode.end).toISOString()}  ${episode.source}${episode.notes ? `  ${episode.notes}` : ''}\n`
            );
          }
          process.stdout.write(`${list.length} of ${total} episodes\n`);
        });
      }
    );

  episodes
    .command('add')
    .description('Record one episode')
    .requiredOption('--service <name>')
    .requiredOption('--fault <kind>', 'cpu, memory, delay, loss, pause, kill, or another kind')
    .requiredOption('--start <time>', 'epoch ms or RFC 3339')
    .requiredOption('--end <time>', 'epoch ms or RFC 3339')
    .option('--params <json>', 'fault parameters as a JSON object', '{}')
    .option('--source <source>', EPISODE_SOURCES.join(' | '), 'annotation')
    .option('--notes <text>', '', '')
    .option(...CONFIG_FLAG)
    .action(
      (options: {
        service: string;
        fault: string;
        start: string;
        end: string;
        params: string;
        source: string;
        notes: string;
        config?: string;
      }) => {
        const episode: NewEpisode = {
          service: options.service,
          fault: options.fault,
          start: timeFlag(options.start, '--start'),
          end: timeFlag(options.end, '--end'),
          params: parseParams(options.params),
          source: checkSource(options.source) as EpisodeSource,
          notes: options.notes,
        };
        withStore(options.config, (context) => {
          const stored = context.store.episodes.add(episode);
          process.stdout.write(`added episode ${stored.id}\n`);
        });
      }
    );

  episodes
    .command('delete')
    .description('Delete an episode by id')
    .argument('<id>')
    .option(...CONFIG_FLAG)
    .action((id: string, options: { config?: string }) => {
      const episodeId = positiveIntegerFlag('id', id);
      withStore(options.config, (context) => {
        if (!context.store.episodes.delete(episodeId)) {
          throw new UsageError(`no episode with id ${episodeId} (culprit episodes list shows them)`);
        }
        process.stdout.write(`deleted episode ${episodeId}\n`);
      });
    });

  episodes
    .command('import')
    .description(
      'Import episodes from a JSON file: a list, or { "episodes": [...] } as `export --format json` writes; all or nothing'
    )
    .argument('<file>')
    .option('--source <source>', 'source for episodes that name none', 'import')
    .option(...CONFIG_FLAG)
    .action((file: string, options: { source: string; config?: string }) => {
      const fallbackSource = checkSource(options.source) as EpisodeSource;
      let document: unknown;
      try {
        document = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`);
      }
      const items = Array.isArray(document) ? document : (document as { episodes?: unknown })?.episodes;
      if (!Array.isArray(items)) {
        throw new UsageError(`${file} must hold a JSON list of episodes, or { "episodes": [...] }`);
      }
      const parsed = items.map((item: Record<string, unknown>, index): NewEpisode => ({
        service: item.service as string,
        fault: item.fault as string,
        start: timeFlag(String(item.start), `[${index}].start`),
        end: timeFlag(String(item.end), `[${index}].end`),
        params: (item.params ?? {}) as Record<string, unknown>,
        source: (item.source ?? fallbackSource) as EpisodeSource,
        notes: (item.notes ?? '') as string,
      }));
      withStore(options.config, (context) => {
        const stored = context.store.episodes.addMany(parsed);
        process.stdout.write(
          `imported ${stored.length} episodes (ids ${stored[0]?.id}..${stored[stored.length - 1]?.id})\n`
        );
      });
    });

  episodes
    .command('export')
    .description(
      'Export the library: JSON, or case folders (one CSV per episode, time + <service>_<metric> columns, in <service>-<fault>/)'
    )
    .option('--format <format>', 'json | cases', 'json')
    .option('--out <path>', 'output file (json) or folder (cases); json defaults to stdout')
    .option(...CONFIG_FLAG)
    .action(async (options: { format: string; out?: string; config?: string }) => {
      if (options.format !== 'json' && options.format !== 'cases') {
        throw new UsageError(`--format must be json or cases, got "${options.format}"`);
      }
      if (options.format === 'cases' && !options.out) {
        throw new UsageError('--format cases needs --out DIR');
      }
      const context = openCliContext(options.config);
      try {
        const all = context.store.episodes.all();
        if (options.format === 'json') {
          const text = `${JSON.stringify({ episodes: all }, null, 2)}\n`;
          if (options.out) {
            writeFileSync(options.out, text);
            process.stderr.write(`wrote ${all.length} episodes to ${options.out}\n`);
          } else {
            process.stdout.write(text);
          }
          return;
        }
        const services = [
          ...new Set([
            ...(await resolveServices(context.config.services, context.prometheus)),
            ...all.map((e) => e.service),
          ]),
        ].sort();
        for (const [index, episode] of all.entries()) {
          const grid = await fetchFeatureGrid(
            context.prometheus,
            {
              services,
              catalogue: context.config.catalogue,
              stepSeconds: context.config.stepSeconds,
              queryConcurrency: context.config.limits.queryConcurrency,
            },
            episode.start - context.config.baselineSeconds * 1000,
            episode.end
          );
          const folder = path.join(
            options.out as string,
            `${episode.service}-${episode.fault}`,
            `episode-${episode.id}`
          );
          mkdirSync(folder, { recursive: true });
          writeFileSync(path.join(folder, 'data.csv'), caseCsv(grid));
          writeFileSync(path.join(folder, 'episode.json'), `${JSON.stringify(episode, null, 2)}\n`);
          process.stderr.write(`\r${index + 1}/${all.length} episodes exported`);
        }
        process.stderr.write(`\nwrote ${all.length} case folders under ${options.out}\n`);
      } catch (error) {
        throw asCliError(error);
      } finally {
        context.close();
      }
    });
};

/**
 * The case-folder CSV (DESIGN.md): `time` in unix seconds, then `<service>_<metric>` per feature, raw values (the
 * study scales them itself); missing points are empty cells. The window includes the baseline before the episode.
 */
export function caseCsv(grid: FeatureGrid): string {
  const header = ['time', ...grid.features.map((feature) => `${feature.service}_${feature.metric}`)].join(',');
  const rows = [header];
  const n = grid.features.length;
  for (let t = 0; t < grid.length; t++) {
    const cells = [String(grid.startMs / 1000 + t * grid.stepSeconds)];
    for (let f = 0; f < n; f++) {
      const value = grid.values[t * n + f];
      cells.push(Number.isFinite(value) ? String(value) : '');
    }
    rows.push(cells.join(','));
  }
  return `${rows.join('\n')}\n`;
}

function withStore(configPath: string | undefined, work: (context: ReturnType<typeof openCliContext>) => void): void {
  const context = openCliContext(configPath);
  try {
    work(context);
  } catch (error) {
    if (error instanceof EpisodeValidationError) {
      throw new UsageError(error.message);
    }
    throw error;
  } finally {
    context.close();
  }
}

function checkSource(source: string | undefined): EpisodeSource | undefined {
  if (source !== undefined && !(EPISODE_SOURCES as readonly string[]).includes(source)) {
    throw new UsageError(`--source must be one of ${EPISODE_SOURCES.join(', ')}, got "${source}"`);
  }
  return source as EpisodeSource | undefined;
}

function parseParams(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new UsageError(`--params must be a JSON object such as '{"workers": 2}', got ${text}`);
}

export type { Episode };
