import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { parseConfig } from '../../backend/src/config/loadConfig';
import { startContinuousDiagnosis, type ContinuousDiagnosis } from '../../backend/src/continuous/continuousDiagnosis';
import { serviceDiagnoseWindow, unknownThresholdOf } from '../../backend/src/continuous/serviceDiagnoseWindow';
import { labPrerequisites } from '../../backend/src/lab/runLab';
import { trainModel } from '../../backend/src/models/trainModel';
import { createPrometheusClient } from '../../backend/src/prometheus/prometheusClient';
import { createClassifying } from '../../backend/src/service/classifyPool';
import { DiagnosisService } from '../../backend/src/service/diagnosisService';
import { openStore, type CulpritStore } from '../../backend/src/store/openStore';
import { startShapeExporter, type ShapeExporter } from '../support/shapeExporter';
import { prometheusAvailable } from '../support/startPrometheus';
import { startAlertingStack, type AlertingStack } from './support/alertingStack';
import { alertmanagerAvailable } from './support/startAlertmanager';

// The whole chain on real servers, with the shop replaced by tests/support's shape exporter (services whose metrics
// change shape on cue): a real Prometheus scrapes the exporter and the continuous loop's /metrics and evaluates
// deploy/prometheus/culprit-rules.yml; a real Alertmanager delivers to a webhook. The model is trained here, by the
// backend's own trainModel, on episodes recorded from the same exporter. The loop runs in this process with the
// backend's DiagnosisService, exactly what `culprit serve --continuous` wires up.

const SERVICES = ['cart', 'orders', 'payment'];
const STEP_SECONDS = 1;
const WINDOW_SECONDS = 8;
const EPISODE_MS = 10_000;
// A normal window needs one window of settling after an episode, then its baseline and itself.
const GAP_MS = (3 * WINDOW_SECONDS + 2) * 1000;
const FOR = '4s';
const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

// labAlerting.test.ts runs the same chain on the real lab; this lighter one stands in where the lab cannot run (no
// cgroup v1, no stress-ng, not root), or runs on request with CULPRIT_TEST_SHAPES=1.
const available = prometheusAvailable() && alertmanagerAvailable();
const labRuns = labPrerequisites().length === 0 && available && process.env.CULPRIT_TEST_SHAPES !== '1';
const describeIfServers = available && !labRuns ? describe : describe.skip;
if (!available) {
  console.warn(
    'skipping: /usr/bin/prometheus and /usr/bin/prometheus-alertmanager are needed (apt-get install prometheus prometheus-alertmanager)'
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeIfServers('continuous diagnosis → Prometheus rules → Alertmanager (shape exporter)', () => {
  let exporter: ShapeExporter;
  let metricsServer: http.Server;
  let stack: AlertingStack;
  let store: CulpritStore;
  let loop: ContinuousDiagnosis | undefined;
  const registry = new Registry();

  beforeAll(async () => {
    exporter = await startShapeExporter(SERVICES);
    metricsServer = http.createServer((_request, response) => {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
        (error: Error) => response.writeHead(500).end(error.message)
      );
    });
    await new Promise<void>((resolve) => metricsServer.listen(0, '127.0.0.1', resolve));
    const culpritTarget = `127.0.0.1:${(metricsServer.address() as AddressInfo).port}`;
    stack = await startAlertingStack({
      jobs: [
        { job: 'shop', targets: [exporter.target] },
        { job: 'culprit', targets: [culpritTarget] },
      ],
      intervalSeconds: STEP_SECONDS,
      forOverrides: { CulpritFaultDiagnosed: FOR },
      keepFiringForOverrides: { CulpritFaultDiagnosed: FOR },
    });
    store = openStore(':memory:');
  }, 30_000);

  afterAll(async () => {
    await loop?.stop();
    await stack?.stop();
    await exporter?.stop();
    await new Promise((resolve) => metricsServer?.close(resolve));
    store?.close();
  });

  it('fires an alert naming the faulty service and fault, and resolves it after the fault ends', async () => {
    const config = parseConfig({
      prometheus: { url: stack.prometheus.url, timeoutMs: 5000, retries: 1 },
      services: SERVICES,
      catalogue: 'catalogue-lab.yaml',
      stepSeconds: STEP_SECONDS,
      windowSeconds: WINDOW_SECONDS,
      baselineSeconds: WINDOW_SECONDS,
      store: { path: ':memory:' },
      workers: { threads: 0 },
    });
    const api = createPrometheusClient(config.prometheus);
    await stack.prometheus.waitForData('process_cpu_seconds_total{service="cart"}');

    // Record a small fault library: cart/cpu and orders/delay, with quiet gaps for the normal windows.
    await sleep((2 * WINDOW_SECONDS + 1) * 1000);
    for (const [service, fault] of [
      ['cart', 'cpu'],
      ['orders', 'delay'],
    ]) {
      const start = Date.now();
      exporter.setShape(service, fault);
      await sleep(EPISODE_MS);
      exporter.setShape(service, 'normal');
      store.episodes.add({ service, fault, start, end: Date.now(), source: 'campaign' });
      await sleep(GAP_MS);
    }
    const { model } = await trainModel(
      { config, store, api },
      { name: 'shapes', classifier: { classifier: 'dtw-d', k: 1 }, evaluate: false }
    );
    expect(model.training.map((instance) => instance.label).sort()).toEqual(
      expect.arrayContaining(['cart/cpu', 'normal', 'orders/delay'])
    );

    const classifying = createClassifying(store, ':memory:', 0);
    const service = new DiagnosisService(config, store, api, classifying.classify);
    const failures: string[] = [];
    loop = startContinuousDiagnosis({
      diagnoseWindow: serviceDiagnoseWindow({
        diagnose: (from, to) => service.diagnose(from, to),
        unknownThreshold: (id) => unknownThresholdOf(store.models.classifierJson(id)),
      }),
      registry,
      stepSeconds: STEP_SECONDS,
      windowSeconds: WINDOW_SECONDS,
      activeModel: () => null,
      onError: (error) => failures.push(String(error)),
    });
    await stack.prometheus.waitForData('culprit_diagnosis_score{job="culprit"}');
    // The exporter's series as Prometheus stored them, and the exposition text as promtool's linter sees it.
    await stack.prometheus.waitForData(
      `culprit_model_info{job="culprit",id="${model.id}",name="shapes",classifier="dtw-d"} == 1`
    );
    await stack.prometheus.waitForData('culprit_unknown_anomaly{job="culprit"} >= 0');
    await stack.prometheus.waitForData('culprit_model_age_seconds{job="culprit"} >= 0');
    await stack.prometheus.waitForData('culprit_diagnosis_seconds_count{job="culprit"} > 0');
    const lint = spawnSync(PROMTOOL, ['check', 'metrics'], { input: await registry.metrics(), encoding: 'utf8' });
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
    // Quiet before the fault: nothing may fire.
    await sleep(5_000);
    expect(stack.webhook.notifications).toEqual([]);

    const faultStart = Date.now();
    exporter.setShape('cart', 'cpu');
    const fired = await stack.webhook.waitFor(
      (alert) => alert.status === 'firing' && alert.labels.alertname === 'CulpritFaultDiagnosed',
      60_000
    );
    const alertSeconds = (fired.notification.receivedAt - faultStart) / 1000;
    expect(fired.alert.labels).toMatchObject({ service: 'cart', fault: 'cpu', severity: 'warning', source: 'culprit' });
    expect(fired.alert.annotations.summary).toBe('Culprit names cart as the culprit (cpu fault)');

    const faultEnd = Date.now();
    exporter.setShape('cart', 'normal');
    const resolved = await stack.webhook.waitFor(
      (alert) =>
        alert.status === 'resolved' &&
        alert.labels.alertname === 'CulpritFaultDiagnosed' &&
        alert.labels.service === 'cart',
      60_000
    );
    const resolveSeconds = (resolved.notification.receivedAt - faultEnd) / 1000;
    // Every firing alert named the faulty service.
    const named = stack.webhook.notifications.flatMap((n) =>
      n.alerts.filter((a) => a.labels.alertname === 'CulpritFaultDiagnosed').map((a) => a.labels.service)
    );
    expect(new Set(named)).toEqual(new Set(['cart']));
    console.log(
      `shape exporter: fault start → alert ${alertSeconds.toFixed(1)} s (step ${STEP_SECONDS} s, window ${WINDOW_SECONDS} s, for ${FOR}); fault end → resolved ${resolveSeconds.toFixed(1)} s; failed runs ${failures.length}`
    );
  }, 240_000);
});
