import { Command, CommanderError } from 'commander';
import { commands } from './commands';
import { UsageError } from './usageError';

const EXIT_USAGE = 2;

/** Builds the `culprit` program; exported so tests can drive it without a child process. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('culprit')
    .description('Names the culprit microservice, and the kind of fault, from the shape of its Prometheus metrics.')
    .version(readVersion(), '-V, --version')
    .showHelpAfterError('(run `culprit --help` for the commands, `culprit <command> --help` for their flags)')
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .exitOverride();
  for (const register of commands) {
    register(program);
  }
  return program;
}

/**
 * Runs the CLI with a full argv (node, script, ...args) and resolves to the process exit code:
 * 0 on success, 2 on usage errors (unknown command or flag, bad flag value), 1 on other failures.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  if (argv.length <= 2) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version output end the parse with a "success" CommanderError.
    if (error.exitCode === 0) {
      return 0;
    }
    return EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`culprit: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`culprit: ${message}\n`);
  return 1;
}

function readVersion(): string {
  // The compiled file sits in backend/dist/cli; package.json is three levels up.
  return (require('../../../package.json') as { version: string }).version;
}
