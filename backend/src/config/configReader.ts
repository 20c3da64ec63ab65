import { ConfigError } from './configError';

/**
 * Reads typed values out of parsed YAML while remembering where it is, so every error names the key path
 * (`services.discover.label`) and the expected shape. Unknown keys are refused: a typo must not be ignored silently.
 */
export class ConfigReader {
  constructor(
    readonly value: unknown,
    readonly path: string,
    readonly file?: string
  ) {}

  fail(problem: string): never {
    throw new ConfigError(this.path, problem, this.file);
  }

  child(key: string | number): ConfigReader {
    const record = this.value as Record<string | number, unknown>;
    const childPath = typeof key === 'number' ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
    return new ConfigReader(record?.[key], childPath, this.file);
  }

  isMissing(): boolean {
    return this.value === undefined || this.value === null;
  }

  /** Asserts the value is a mapping whose keys are all in `allowed`; returns this reader for chaining. */
  object(allowed: readonly string[]): this {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) {
      this.fail(`must be a mapping with keys ${allowed.join(', ')}, got ${describe(this.value)}`);
    }
    for (const key of Object.keys(this.value)) {
      if (!allowed.includes(key)) {
        this.child(key).fail(`unknown key; allowed here: ${allowed.join(', ')}`);
      }
    }
    return this;
  }

  array(): ConfigReader[] {
    if (!Array.isArray(this.value)) {
      this.fail(`must be a list, got ${describe(this.value)}`);
    }
    return this.value.map((_, index) => this.child(index));
  }

  string(fallback?: string): string {
    if (this.isMissing() && fallback !== undefined) {
      return fallback;
    }
    if (typeof this.value !== 'string' || this.value.trim() === '') {
      this.fail(`must be a non-empty string, got ${describe(this.value)}`);
    }
    return this.value;
  }

  optionalString(): string | undefined {
    return this.isMissing() ? undefined : this.string();
  }

  number(fallback: number | undefined, min: number, max: number, integer = false): number {
    if (this.isMissing() && fallback !== undefined) {
      return fallback;
    }
    const value = this.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(`must be a number, got ${describe(value)}`);
    }
    if (integer && !Number.isInteger(value)) {
      this.fail(`must be a whole number, got ${value}`);
    }
    if (value < min || value > max) {
      this.fail(`must be between ${min} and ${max}, got ${value}`);
    }
    return value;
  }

  stringList(): string[] {
    return this.array().map((item) => item.string());
  }
}

function describe(value: unknown): string {
  if (value === undefined || value === null) {
    return 'nothing';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'a mapping';
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}
