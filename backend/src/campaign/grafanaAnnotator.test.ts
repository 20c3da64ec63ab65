import http from 'node:http';
import { FaultActiveExporter } from './faultActiveExporter';
import { GrafanaAnnotator } from './grafanaAnnotator';

// Grafana cannot run here: a loopback server records what the annotator sends, checked against Grafana's documented
// HTTP API (POST /api/annotations with epoch-ms `time`/`timeEnd`, `tags`, `text`; answer `{ "id": N, ... }`).
describe('GrafanaAnnotator', () => {
  let server: http.Server;
  let url: string;
  let status = 200;
  const received: Array<{ method?: string; path?: string; authorization?: string; body: unknown }> = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          method: request.method,
          path: request.url,
          authorization: request.headers.authorization,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(status === 200 ? JSON.stringify({ id: 41, message: 'Annotation added' }) : '{"message":"denied"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  beforeEach(() => {
    received.length = 0;
    status = 200;
  });

  const episode = {
    service: 'cart',
    fault: 'cpu',
    startMs: 1_795_000_000_000,
    endMs: 1_795_000_060_000,
    text: 'cpu on cart',
  };

  it('posts a region annotation tagged with the service and fault, with a bearer token', async () => {
    await expect(new GrafanaAnnotator(url, 'glsa_token').annotate(episode)).resolves.toBe(41);
    expect(received).toEqual([
      {
        method: 'POST',
        path: '/api/annotations',
        authorization: 'Bearer glsa_token',
        body: {
          time: 1_795_000_000_000,
          timeEnd: 1_795_000_060_000,
          tags: ['culprit', 'fault', 'service:cart', 'fault:cpu'],
          text: 'cpu on cart',
        },
      },
    ]);
  });

  it('uses basic auth for user:password credentials', async () => {
    await new GrafanaAnnotator(url, 'admin:secret').annotate(episode);
    expect(received[0].authorization).toBe(`Basic ${Buffer.from('admin:secret').toString('base64')}`);
  });

  it('says which permission is missing when Grafana refuses', async () => {
    status = 403;
    await expect(new GrafanaAnnotator(url, 'weak').annotate(episode)).rejects.toThrow(/Annotations:write/);
  });

  it('names the URL when Grafana does not answer', async () => {
    await expect(new GrafanaAnnotator('http://127.0.0.1:1', 'x').annotate(episode)).rejects.toThrow(
      /Grafana at http:\/\/127\.0\.0\.1:1 did not answer/
    );
  });
});

describe('FaultActiveExporter', () => {
  it('serves culprit_fault_active as 1 only while a fault is active', async () => {
    const exporter = new FaultActiveExporter();
    const port = await exporter.listen(0);
    try {
      exporter.declare(['cart', 'orders'], ['cpu']);
      exporter.setActive('cart', 'cpu', true);
      const during = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(during).toContain('culprit_fault_active{service="cart",fault="cpu"} 1');
      expect(during).toContain('culprit_fault_active{service="orders",fault="cpu"} 0');
      exporter.setActive('cart', 'cpu', false);
      exporter.countEpisode(true);
      const after = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(after).toContain('culprit_fault_active{service="cart",fault="cpu"} 0');
      expect(after).toContain('culprit_campaign_episodes_total{verified="true"} 1');
    } finally {
      await exporter.close();
    }
  });
});
