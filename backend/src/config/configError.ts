/**
 * A mistake in `culprit.yaml` (or a catalogue file it names). The message starts with the key path that is wrong,
 * e.g. `prometheus.url: must be an http(s) URL, got "localhost:9090"`, so the user knows what to edit.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly keyPath: string,
    problem: string,
    readonly file?: string
  ) {
    super(`${file ? `${file}: ` : ''}${keyPath || '(top level)'}: ${problem}`);
  }
}
