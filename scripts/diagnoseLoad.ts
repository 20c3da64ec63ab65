/**
 * Diagnose latency under load (issue 4): a 10-minute window, 40 features (5 services × 8 catalogue metrics), a
 * 1000-episode library, measured with autocannon against the running service, one connection and then 20.
 *
 * The Prometheus data is real: 50 minutes of samples at 15 s for 5 services are written in OpenMetrics text, turned
 * into TSDB blocks by `promtool tsdb create-blocks-from openmetrics`, and served by a real Prometheus. The library's
 * 1000 instances are synthetic (shapes like the builder's output: one service's feature block moving per class),
 * fitted with the core's DTW_D 1-NN (no unknown threshold: the synthetic library is not the real shapes) and stored as the active model, because building 1000 instances from Prometheus
 * would take 40 000 queries.
 *
 * Run: npx ts-node --transpile-only scripts/diagnoseLoad.ts   (after `npm run build:backend`: diagnosis threads)
 * Prints one JSON object with the figures.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../backend/src/config/loadConfig';
import { createClassifier } from '../backend/src/core/classifiers/createClassifier';
import type { Mts } from '../backend/src/core/types';
import { catalogueHash, modelCatalogueFrom } from '../backend/src/models/modelCatalogue';
import { createBackend } from '../backend/src/service/createBackend';
import { freePort } from '../tests/support/freePort';
import { startPrometheus } from '../tests/support/startPrometheus';

const SERVICES = ['frontend', 'catalog', 'cart', 'orders', 'payment'];
const FAULTS = ['cpu', 'memory', 'delay', 'loss'];
const STEP = 15;
const HISTORY_MINUTES = 50;
const LIBRARY = 1000;
const TOKEN = 'bench-token-0123456789abcdef';
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

const CATALOGUE = {
  name: 'bench',
  features: [
    { metric: 'cpu', query: 'sum(rate(process_cpu_seconds_total{service="$service"}[$rateInterval]))' },
    { metric: 'memory', query: 'sum(process_resident_memory_bytes{service="$service"})' },
    { metric: 'eventLoopLag', query: 'max(nodejs_eventloop_lag_seconds{service="$service"})' },
    {
      metric: 'requestRate',
      query: 'sum(rate(http_request_duration_seconds_count{service="$service"}[$rateInterval]))',
    },
    {
      metric: 'errorRatio',
      query:
        '(sum(rate(http_request_duration_seconds_count{service="$service",status_code=~"5.."}[$rateInterval])) or vector(0)) / clamp_min(sum(rate(http_request_duration_seconds_count{service="$service"}[$rateInterval])), 1e-9)',
    },
    ...[0.5, 0.9, 0.99].map((q) => ({
      metric: `latencyP${Math.round(q * 100)}`,
      query: `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{service="$service"}[$rateInterval])))`,
    })),
  ],
};

/** OpenMetrics text for the last HISTORY_MINUTES: every service normal, `cart` burning CPU in the last 10 minutes. */
function history(endSeconds: number): string {
  const steps = (HISTORY_MINUTES * 60) / STEP;
  const start = endSeconds - steps * STEP;
  const families = new Map<string, string[]>();
  const add = (family: string, line: string) => {
    const lines = families.get(family) ?? [];
    lines.push(line);
    families.set(family, lines);
  };
  for (const [s, service] of SERVICES.entries()) {
    let cpu = 0;
    let count = 0;
    let errors = 0;
    const buckets = BUCKETS.map(() => 0);
    const cpuLines: string[] = [];
    const memoryLines: string[] = [];
    const lagLines: string[] = [];
    const countLines: string[] = [];
    const errorLines: string[] = [];
    const bucketLines: string[][] = BUCKETS.map(() => []);
    for (let i = 0; i <= steps; i++) {
      const t = start + i * STEP;
      const faulty = service === 'cart' && t > endSeconds - 600;
      const wobble = 1 + 0.05 * Math.sin(i * 0.7 + s);
      cpu += (faulty ? 0.9 : 0.05) * wobble * STEP;
      const requests = 20 * wobble * STEP;
      count += requests;
      errors += 0.001 * requests;
      const latency = (faulty ? 0.08 : 0.02) * wobble;
      BUCKETS.forEach((le, b) => (buckets[b] += latency <= le ? requests : 0));
      const label = `service="${service}"`;
      cpuLines.push(`process_cpu_seconds_total{${label}} ${cpu} ${t}`);
      memoryLines.push(`process_resident_memory_bytes{${label}} ${6e7 + 1e6 * Math.sin(i / 5)} ${t}`);
      lagLines.push(`nodejs_eventloop_lag_seconds{${label}} ${(faulty ? 0.08 : 0.01) * wobble} ${t}`);
      countLines.push(`http_request_duration_seconds_count{${label},status_code="200"} ${count} ${t}`);
      errorLines.push(`http_request_duration_seconds_count{${label},status_code="500"} ${errors} ${t}`);
      BUCKETS.forEach((le, b) =>
        bucketLines[b].push(`http_request_duration_seconds_bucket{${label},le="${le}"} ${buckets[b]} ${t}`)
      );
      if (i === steps) {
        // +Inf bucket equals the count.
      }
    }
    cpuLines.forEach((line) => add('process_cpu_seconds_total', line));
    memoryLines.forEach((line) => add('process_resident_memory_bytes', line));
    lagLines.forEach((line) => add('nodejs_eventloop_lag_seconds', line));
    [...countLines, ...errorLines].forEach((line) => add('http_request_duration_seconds_count', line));
    bucketLines.flat().forEach((line) => add('http_request_duration_seconds_bucket', line));
    countLines.forEach((line) =>
      add(
        'http_request_duration_seconds_bucket',
        line.replace('_count{', '_bucket{').replace(',status_code="200"}', ',le="+Inf"}')
      )
    );
  }
  const text = [...families].map(([family, lines]) => `# TYPE ${family} unknown\n${lines.join('\n')}`).join('\n');
  return `${text}\n# EOF\n`;
}

/** A synthetic library instance: the class's service block moves with the fault's shape, everything else is noise. */
function libraryInstance(
  serviceIndex: number,
  faultIndex: number,
  nFeatures: number,
  length: number,
  seed: number
): Mts {
  const values = new Float64Array(nFeatures * length);
  let state = seed * 7919 + 17;
  const noise = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  const perService = CATALOGUE.features.length;
  for (let t = 0; t < length; t++) {
    for (let f = 0; f < nFeatures; f++) {
      let value = 0.6 * noise();
      if (
        serviceIndex >= 0 &&
        Math.floor(f / perService) === serviceIndex &&
        f % perService === [0, 1, 6, 4][faultIndex]
      ) {
        value += Math.min(10, 2 + (faultIndex === 1 ? t / 4 : 6));
      }
      values[t * nFeatures + f] = value;
    }
  }
  return { nFeatures, length, values };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-bench-'));
  const nowSeconds = Math.floor(Date.now() / 1000 / STEP) * STEP - STEP;
  writeFileSync(path.join(dir, 'history.om'), history(nowSeconds));
  execFileSync(
    'promtool',
    ['tsdb', 'create-blocks-from', 'openmetrics', path.join(dir, 'history.om'), path.join(dir, 'tsdb')],
    { stdio: 'pipe' }
  );
  const prometheus = await startPrometheus({
    jobs: [],
    storagePath: path.join(dir, 'tsdb'),
    flags: ['--storage.tsdb.retention.time=30d'],
  });
  const config = parseConfig(
    {
      prometheus: { url: prometheus.url },
      services: SERVICES,
      catalogue: CATALOGUE,
      stepSeconds: STEP,
      windowSeconds: 600,
      baselineSeconds: 600,
      store: { path: path.join(dir, 'culprit.sqlite') },
      api: { tokens: [TOKEN] },
      workers: { threads: 2 },
      listen: { port: await freePort() },
    },
    path.join(dir, 'culprit.yaml')
  );
  const backend = createBackend(config, { version: 'bench' });
  try {
    // The library: 1000 episodes over 20 fault classes plus normal windows, and the model fitted on them.
    const catalogue = modelCatalogueFrom(config, SERVICES);
    const nFeatures = SERVICES.length * CATALOGUE.features.length;
    const labels: string[] = [];
    const series: Mts[] = [];
    const episodes = [];
    // LIBRARY fault episodes (every service × fault class), plus one normal window per four episodes.
    for (let i = 0; i < LIBRARY + LIBRARY / 4; i++) {
      const normal = i % 5 === 4;
      const e = i - Math.floor(i / 5);
      const serviceIndex = normal ? -1 : e % SERVICES.length;
      const faultIndex = Math.floor(e / SERVICES.length) % FAULTS.length;
      labels.push(normal ? 'normal' : `${SERVICES[serviceIndex]}/${FAULTS[faultIndex]}`);
      series.push(libraryInstance(serviceIndex, faultIndex, nFeatures, catalogue.length, i));
      if (!normal) {
        episodes.push({
          service: SERVICES[serviceIndex],
          fault: FAULTS[faultIndex],
          start: 1.7e12 + i * 3.6e6,
          end: 1.7e12 + i * 3.6e6 + 6e5,
          source: 'campaign' as const,
        });
      }
    }
    const stored = backend.store.episodes.addMany(episodes);
    const fitStart = performance.now();
    const classifier = createClassifier({ classifier: 'dtw-d', k: 1, windowFraction: 0.1, rejectUnknown: false });
    classifier.fit(series, labels);
    const fitMs = performance.now() - fitStart;
    let next = 0;
    const model = backend.store.models.add(
      {
        name: 'bench',
        classifierKind: 'dtw-d',
        catalogueHash: catalogueHash(catalogue),
        catalogue,
        settings: { classifier: 'dtw-d', k: 1, windowFraction: 0.1, rejectUnknown: false },
        classifier: classifier.toJSON(),
        training: labels.map((label) => {
          const episode = label === 'normal' ? undefined : stored[next++];
          return { episodeId: episode?.id ?? null, label, start: episode?.start ?? 0, end: episode?.end ?? 0 };
        }),
        evaluation: null,
      },
      true
    );

    const address = await backend.app.listen({ host: '127.0.0.1', port: config.listen.port });
    const body = JSON.stringify({ from: (nowSeconds - 600) * 1000, to: nowSeconds * 1000 });
    const request = {
      url: `${address}/api/diagnose`,
      method: 'POST' as const,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body,
    };
    const sample = await (await fetch(request.url, { method: 'POST', headers: request.headers, body })).json();
    if (!sample.culprit) {
      throw new Error(`the bench diagnosis failed: ${JSON.stringify(sample).slice(0, 500)}`);
    }
    for (let i = 0; i < 4; i++) {
      await fetch(request.url, { method: 'POST', headers: request.headers, body });
    }
    // Where the time goes, warm, one request at a time (server-side timings from the answers).
    const warm: Array<Record<string, number>> = [];
    for (let i = 0; i < 9; i++) {
      warm.push((await (await fetch(request.url, { method: 'POST', headers: request.headers, body })).json()).timings);
    }
    const medianOf = (key: string) =>
      warm.map((timing) => timing[key]).sort((a, b) => a - b)[Math.floor(warm.length / 2)];
    const warmTimingsMs = {
      queryMs: medianOf('queryMs'),
      buildMs: medianOf('buildMs'),
      classifyMs: medianOf('classifyMs'),
      totalMs: medianOf('totalMs'),
    };
    const single = await autocannon({ ...request, connections: 1, amount: 60 });
    const concurrent = await autocannon({ ...request, connections: 20, amount: 300, timeout: 60 });
    const figures = (result: autocannon.Result) => ({
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      latencyMs: {
        median: result.latency.p50,
        p99: result.latency.p99,
        mean: Math.round(result.latency.mean * 10) / 10,
        max: result.latency.max,
      },
      requestsPerSecond: result.requests.average,
    });
    process.stdout.write(
      `${JSON.stringify(
        {
          window: '10 min at 15 s (41 steps)',
          features: nFeatures,
          library: {
            episodes: stored.length,
            instances: series.length,
            classes: new Set(labels).size,
            fitSeconds: Math.round(fitMs / 100) / 10,
          },
          model: model.id,
          diagnosisThreads: config.workers.threads,
          cpus: os.cpus().length,
          loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
          sampleAnswer: { culprit: sample.culprit, coldTimingsMs: sample.timings },
          warmTimingsMs,
          single: figures(single),
          concurrent20: figures(concurrent),
        },
        null,
        2
      )}\n`
    );
  } finally {
    await backend.close();
    await prometheus.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`diagnoseLoad: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
