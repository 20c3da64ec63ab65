import { existsSync, statSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { importCases } from '../../cases/importCases';
import { loadCaseFolders } from '../../cases/loadCaseFolders';
import { loadConfig } from '../../config/loadConfig';
import { EpisodeValidationError } from '../../store/episodeStore';
import { openStore } from '../../store/openStore';
import { UsageError } from '../usageError';
import type { CommandRegistrar } from '.';

/** `culprit import-cases DIR [--store F | --config C]`: case folders into the fault library, all or nothing. */
export const registerImportCases: CommandRegistrar = (program: Command) => {
  program
    .command('import-cases')
    .summary('Import a folder of RCA case folders as fault episodes (all or nothing)')
    .description(
      'Import a folder of case folders (data.csv or anomalous.csv [+ normal.csv]; label from label.json or a ' +
        '<service>-<fault> ancestor folder) as episodes (source "import"), with their data in the instance cache. ' +
        'One transaction: a bad case stores nothing. Normal cases are skipped (the library holds faults).'
    )
    .argument('<dir>', 'folder holding the case folders')
    .option('--store <file>', 'the store file (default: store.path of the config)')
    .option('-c, --config <file>', 'culprit.yaml (default: $CULPRIT_CONFIG, then ./culprit.yaml)')
    .option('--json', 'print the imported episodes as JSON')
    .action((dir: string, flags: { store?: string; config?: string; json?: boolean }) => {
      if (flags.store !== undefined && flags.config !== undefined) {
        throw new UsageError('give either --store FILE or --config FILE, not both');
      }
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        throw new UsageError(`${dir} is not a folder; give the folder that holds the case folders`);
      }
      const bar = process.stderr.isTTY
        ? new SingleBar({ stream: process.stderr, format: 'reading cases [{bar}] {value}/{total}', hideCursor: true })
        : null;
      let started = false;
      const cases = loadCaseFolders(dir, (done, total) => {
        if (!started) {
          bar?.start(total, 0);
          started = true;
        }
        bar?.update(done);
      });
      bar?.stop();
      const storeFile = flags.store ?? loadConfig(flags.config).store.path;
      const store = openStore(storeFile);
      try {
        const result = importCases(store, dir, cases);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `imported ${result.imported.length} case(s) from ${dir} into ${storeFile}` +
            (result.skippedNormal.length > 0 ? `; skipped ${result.skippedNormal.length} normal case(s)` : '') +
            '\n'
        );
      } catch (error) {
        if (error instanceof EpisodeValidationError) {
          // The field path says `[i].field`; name the case folder too.
          const index = /^\[(\d+)\]/.exec(error.field)?.[1];
          const faulty = cases.filter((c) => c.label.service !== null);
          const where = index === undefined ? '' : `${faulty[Number(index)].folder}: `;
          throw new Error(`${where}${error.message}; nothing was imported`);
        }
        throw error;
      } finally {
        store.close();
      }
    });
};
