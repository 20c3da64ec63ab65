/**
 * A real Culprit backend over a real Prometheus that scrapes the shape exporter: the setup that the diagnosis
 * integration test and the browser test share. Faults are turned on by changing a service's shape for a while.
 */
import path from 'node:path';
import { parseConfig } from '../../backend/src/config/loadConfig';
import { createBackend, type Backend } from '../../backend/src/service/createBackend';
import { startShapeExporter, type ShapeExporter } from './shapeExporter';
import { startPrometheus, type RunningPrometheus } from './startPrometheus';

export const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export interface ShapeBackendOptions {
  readonly services: readonly string[];
  /** How long a CPU fault lasts; also the backend's diagnosis window. */
  readonly faultSeconds: number;
  /** Folder for the store file (and the config path errors are reported against). */
  readonly dir: string;
  readonly token: string;
  readonly version: string;
}

export interface ShapeBackend {
  readonly exporter: ShapeExporter;
  readonly prometheus: RunningPrometheus;
  readonly backend: Backend;
  /** Turns a CPU fault on `service` for `faultSeconds` and returns its window in epoch milliseconds. */
  cpuFault(service: string): Promise<{ start: number; end: number }>;
  stop(): Promise<void>;
}

/** Starts the exporter, a Prometheus scraping it every second, and a backend (not listening) with a 1 s step. */
export async function startShapeBackend(options: ShapeBackendOptions): Promise<ShapeBackend> {
  const exporter = await startShapeExporter([...options.services]);
  let prometheus: RunningPrometheus | undefined;
  try {
    prometheus = await startPrometheus({
      jobs: [{ job: 'shop', targets: [exporter.target] }],
      scrapeIntervalSeconds: 1,
    });
    await prometheus.waitForData('process_cpu_seconds_total');
    const config = parseConfig(
      {
        prometheus: { url: prometheus.url, timeoutMs: 5000, retries: 1 },
        services: options.services,
        catalogue: 'catalogue-lab.yaml',
        stepSeconds: 1,
        windowSeconds: options.faultSeconds,
        baselineSeconds: 5,
        store: { path: path.join(options.dir, 'culprit.sqlite') },
        api: { tokens: [options.token] },
        workers: { threads: 1 },
      },
      path.join(options.dir, 'culprit.yaml')
    );
    const backend = createBackend(config, { version: options.version });
    const running = prometheus;
    return {
      exporter,
      prometheus: running,
      backend,
      async cpuFault(service) {
        const start = Date.now();
        exporter.setShape(service, 'cpu');
        await sleep(options.faultSeconds);
        exporter.setShape(service, 'normal');
        return { start, end: Date.now() };
      },
      async stop() {
        await backend.close();
        await running.stop();
        await exporter.stop();
      },
    };
  } catch (error) {
    await prometheus?.stop();
    await exporter.stop();
    throw error;
  }
}
