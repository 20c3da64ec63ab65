/**
 * The shop keeps the metric contract of Culprit's shipped catalogues: run all seven services and the load generator
 * in this process, drive real journeys through the call graph, then read every service's /metrics and check that
 * each metric the lab and cAdvisor catalogues query exists there with the service's `service` label.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LoadGenerator } from '../../demo/src/loadGenerator';
import { runService, type RunningService } from '../../demo/src/runService';
import { SERVICE_NAMES, urlVariable } from '../../demo/src/topology';
import { freePort } from '../../backend/src/lab/freePort';

const HOST = '127.0.0.1';
jest.setTimeout(30_000);

/** The metric names a catalogue's queries read (identifiers followed by `{`), minus cAdvisor's container_*. */
function shopMetricsOf(catalogueFile: string): string[] {
  const catalogue = parseYaml(readFileSync(path.resolve(__dirname, '../../backend/config', catalogueFile), 'utf8')) as {
    features: Array<{ query: string }>;
  };
  const names = catalogue.features.flatMap((feature) =>
    [...feature.query.matchAll(/([a-z_:][a-z0-9_:]*)\{/g)].map((match) => match[1])
  );
  return [...new Set(names)].filter((name) => !name.startsWith('container_'));
}

describe('the shop under load', () => {
  const services: RunningService[] = [];
  let load: LoadGenerator;
  let loadPort: number;
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    for (const name of SERVICE_NAMES) {
      ports[name] = await freePort(HOST);
    }
    const env: NodeJS.ProcessEnv = { HOST };
    for (const name of SERVICE_NAMES) {
      env[urlVariable(name)] = `http://${HOST}:${ports[name]}`;
    }
    for (const name of SERVICE_NAMES) {
      services.push(await runService(name, { ...env, PORT: String(ports[name]) }));
    }
    loadPort = await freePort(HOST);
    load = new LoadGenerator({
      gatewayUrl: env.GATEWAY_URL as string,
      seed: 3,
      journeysPerSecond: 15,
      cycleSeconds: 60,
      port: loadPort,
      host: HOST,
    });
    await load.start();
    await new Promise((resolve) => setTimeout(resolve, 4_000));
  });

  afterAll(async () => {
    await load?.stop();
    await Promise.all(services.map((service) => service.close()));
  });

  const metricsOf = async (port: number) => (await fetch(`http://${HOST}:${port}/metrics`)).text();

  it.each([...SERVICE_NAMES])(
    '%s exports every metric the lab and cAdvisor catalogues read, labelled with its name',
    async (name) => {
      // prom-client measures event-loop lag in a setImmediate after a scrape: it shows from the second scrape on.
      await metricsOf(ports[name]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const text = await metricsOf(ports[name]);
      const wanted = [
        ...new Set([...shopMetricsOf('catalogue-lab.yaml'), ...shopMetricsOf('catalogue-cadvisor.yaml')]),
      ];
      expect(wanted).toEqual(
        expect.arrayContaining(['process_cpu_seconds_total', 'http_request_duration_seconds_count'])
      );
      for (const metric of wanted) {
        expect(text).toMatch(new RegExp(`^${metric}\\{[^}]*service="${name}"`, 'm'));
      }
      expect((await fetch(`http://${HOST}:${ports[name]}/health`)).status).toBe(200);
    }
  );

  it('serves journeys end to end: checkouts go through orders, payment, inventory and shipping', async () => {
    const journeys = await metricsOf(loadPort);
    const completed = [...journeys.matchAll(/^shop_load_journeys_total\{kind="(\w+)",outcome="ok"\} (\d+)/gm)];
    expect(completed.reduce((sum, match) => sum + Number(match[2]), 0)).toBeGreaterThan(10);
    expect(journeys).not.toMatch(/outcome="error"\} [1-9]/);
    const orders = await metricsOf(ports.orders);
    expect(orders).toMatch(
      /http_client_request_duration_seconds_count\{service="orders",target="payment",status_code="200"\} [1-9]/
    );
    const gateway = await metricsOf(ports.gateway);
    expect(gateway).toMatch(
      /http_request_duration_seconds_count\{service="gateway",route="\/api\/products\/:id",method="GET",status_code="200"\} [1-9]/
    );
  });
});
