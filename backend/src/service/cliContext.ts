import { UsageError } from '../cli/usageError';
import type { CulpritConfig } from '../config/config';
import { loadConfig } from '../config/loadConfig';
import { parseTime } from '../http/parseTime';
import { createPrometheusClient, type PrometheusApi } from '../prometheus/prometheusClient';
import { openStore, type CulpritStore } from '../store/openStore';
import { createClassifying } from './classifyPool';
import { DiagnosisService } from './diagnosisService';
import { CulpritError } from './errors';

/** What a one-shot CLI command works with: the config, the store, Prometheus, and diagnosis on this thread. */
export interface CliContext {
  readonly config: CulpritConfig;
  readonly store: CulpritStore;
  readonly prometheus: PrometheusApi;
  readonly diagnosis: DiagnosisService;
  close(): void;
}

/** Loads the config (`--config`, `$CULPRIT_CONFIG`, `./culprit.yaml`) and opens what commands need. */
export function openCliContext(configPath: string | undefined): CliContext {
  const config = loadConfig(configPath);
  const store = openStore(config.store.path);
  const prometheus = createPrometheusClient(config.prometheus);
  const classifying = createClassifying(store, config.store.path, 0);
  return {
    config,
    store,
    prometheus,
    diagnosis: new DiagnosisService(config, store, prometheus, classifying.classify),
    close: () => store.close(),
  };
}

/** A flag's time value (epoch ms or RFC 3339); a bad one is a usage error naming the flag. */
export function timeFlag(value: string | undefined, flag: string): number {
  if (value === undefined) {
    throw new UsageError(`${flag} is required (epoch milliseconds or RFC 3339, e.g. 2026-11-24T03:00:00Z)`);
  }
  try {
    return parseTime(value, flag);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Turns the service's client errors into CLI usage errors where the user's input is at fault. */
export function asCliError(error: unknown): unknown {
  if (error instanceof CulpritError && (error.statusCode === 400 || error.statusCode === 404)) {
    return new UsageError(error.message);
  }
  return error;
}
