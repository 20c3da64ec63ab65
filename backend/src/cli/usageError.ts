/**
 * A mistake in how the command was called (bad flag value, missing file argument).
 * The CLI prints its message and exits with code 2, as for unknown commands and flags.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
