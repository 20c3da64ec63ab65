import { CampaignService } from '../campaign/campaignService';
import { FaultActiveExporter } from '../campaign/faultActiveExporter';
import type { CulpritConfig } from '../config/config';
import { buildApp, type App, type ContinuousSource } from '../http/buildApp';
import type { ServiceMetrics } from '../http/serviceMetrics';
import { trainModel } from '../models/trainModel';
import { createPrometheusClient, type PrometheusApi } from '../prometheus/prometheusClient';
import { openStore, type CulpritStore } from '../store/openStore';
import { createClassifying, type Classifying } from './classifyPool';
import { DiagnosisService } from './diagnosisService';
import { JobRegistry } from './jobRegistry';

/** Everything `culprit serve` runs, wired together. */
export interface Backend {
  readonly config: CulpritConfig;
  readonly app: App;
  readonly metrics: ServiceMetrics;
  readonly store: CulpritStore;
  readonly prometheus: PrometheusApi;
  readonly diagnosis: DiagnosisService;
  readonly jobs: JobRegistry;
  readonly classifying: Classifying;
  /** The campaign API's runner, when culprit.yaml has `campaigns:`. */
  readonly campaigns?: CampaignService;
  /** Stops accepting requests, waits for running ones and jobs, then releases threads and the store. */
  close(): Promise<void>;
}

export interface BackendOptions {
  readonly version?: string;
  readonly logger?: boolean;
  readonly continuous?: ContinuousSource;
  /** Override the Prometheus client (e.g. one with different timeouts); default: from the config. */
  readonly prometheus?: PrometheusApi;
}

/** Opens the store, starts the diagnosis threads and builds the HTTP app from a validated config. */
export function createBackend(config: CulpritConfig, options: BackendOptions = {}): Backend {
  const store = openStore(config.store.path);
  const prometheus = options.prometheus ?? createPrometheusClient(config.prometheus);
  const classifying = createClassifying(store, config.store.path, config.workers.threads);
  const diagnosis = new DiagnosisService(config, store, prometheus, classifying.classify);
  const jobs = new JobRegistry((error) =>
    process.stderr.write(`culprit: a job failed: ${(error as Error)?.stack ?? String(error)}\n`)
  );
  const exporter = config.campaigns ? new FaultActiveExporter() : undefined;
  const campaigns = config.campaigns
    ? new CampaignService({
        store,
        settings: config.campaigns,
        services: config.services,
        prometheus,
        exporter,
      })
    : undefined;
  const { app, metrics } = buildApp({
    config,
    store,
    prometheus,
    diagnosis,
    jobs,
    train: (request, reporter) =>
      trainModel({ config, store, api: prometheus, fit: classifying.fit }, request, (fraction, message) =>
        reporter.progress(fraction, message)
      ),
    version: options.version ?? 'dev',
    continuous: options.continuous,
    campaigns,
    logger: options.logger,
  });
  // culprit_fault_active goes out on the backend's own /metrics, beside the diagnosis metrics.
  for (const name of ['culprit_fault_active', 'culprit_campaign_episodes_total']) {
    const metric = exporter?.registry.getSingleMetric(name);
    if (metric) {
      metrics.registry.registerMetric(metric);
    }
  }
  return {
    config,
    app,
    metrics,
    store,
    prometheus,
    diagnosis,
    jobs,
    classifying,
    campaigns,
    async close() {
      // The running campaign's fault is reverted first, while the store is still open to record its episode.
      await campaigns?.close();
      await app.close();
      await jobs.idle();
      await classifying.close();
      store.close();
    },
  };
}
