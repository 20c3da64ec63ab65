import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSampleValue } from './parseSampleValue';
import { createPrometheusClient } from './prometheusClient';
import { PrometheusError } from './prometheusError';

/**
 * A tiny HTTP server speaking a scripted sequence of answers, standing in for a Prometheus-compatible API at the
 * network level (the client's real axios stack, retries and timeouts run).
 */
async function scriptedServer(answers: Array<{ status: number; body: unknown; delayMs?: number }>) {
  const seen: Array<{ method: string; url: string; body: string; authorization?: string }> = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({
        method: request.method as string,
        url: request.url as string,
        body,
        authorization: request.headers.authorization,
      });
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
      setTimeout(() => {
        response.writeHead(answer.status, { 'Content-Type': 'application/json' });
        response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const matrix = {
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      {
        metric: { service: 'cart' },
        values: [
          [1000, '1.5'],
          [1015, 'NaN'],
          [1030, '+Inf'],
          [1045, '-Inf'],
        ],
      },
    ],
  },
};

describe('parseSampleValue', () => {
  it.each([
    ['1.5', 1.5],
    ['-2e-3', -0.002],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['NaN', NaN],
    ['', NaN],
    ['garbage', NaN],
  ])('%s → %d', (text, value) => expect(parseSampleValue(text)).toBe(value));
});

describe('createPrometheusClient', () => {
  it('runs a range query (POST form) and parses NaN and infinities', async () => {
    const server = await scriptedServer([{ status: 200, body: matrix }]);
    try {
      const client = createPrometheusClient({
        url: server.url,
        timeoutMs: 2000,
        retries: 0,
        auth: { kind: 'bearer', token: 'secret' },
      });
      const [series] = await client.queryRange('up{service="cart"}', 1000, 1045, 15);
      expect(series.labels).toEqual({ service: 'cart' });
      expect(Array.from(series.times)).toEqual([1000, 1015, 1030, 1045]);
      expect(Array.from(series.values)).toEqual([1.5, NaN, Infinity, -Infinity]);
      expect(server.seen[0]).toMatchObject({
        method: 'POST',
        url: '/api/v1/query_range',
        authorization: 'Bearer secret',
      });
      expect(new URLSearchParams(server.seen[0].body).get('query')).toBe('up{service="cart"}');
    } finally {
      await server.close();
    }
  });

  it('retries 5xx answers with backoff and succeeds', async () => {
    const server = await scriptedServer([
      { status: 503, body: { status: 'error', errorType: 'unavailable', error: 'busy' } },
      { status: 502, body: 'bad gateway' },
      { status: 200, body: matrix },
    ]);
    try {
      const client = createPrometheusClient({ url: server.url, timeoutMs: 2000, retries: 2 });
      await expect(client.queryRange('up', 1000, 1045, 15)).resolves.toHaveLength(1);
      expect(server.seen).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('gives up after the bounded retries with the upstream message', async () => {
    const server = await scriptedServer([
      { status: 503, body: { status: 'error', errorType: 'unavailable', error: 'too many queries' } },
    ]);
    try {
      const client = createPrometheusClient({ url: server.url, timeoutMs: 2000, retries: 1 });
      const failure = client.queryRange('up', 1000, 1045, 15);
      await expect(failure).rejects.toMatchObject({
        failure: 'unreachable',
        message: expect.stringMatching(/answered 503: too many queries/),
      });
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('does not retry a 4xx: the PromQL is wrong, and it says so with the upstream message', async () => {
    const server = await scriptedServer([
      { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error at char 5: unexpected "}"' } },
    ]);
    try {
      const client = createPrometheusClient({ url: server.url, timeoutMs: 2000, retries: 3 });
      const failure = client.queryRange('rate(}', 1000, 1045, 15);
      await expect(failure).rejects.toBeInstanceOf(PrometheusError);
      await expect(client.queryRange('rate(}', 1000, 1045, 15)).rejects.toMatchObject({
        failure: 'rejected',
        message: 'your PromQL is wrong: parse error at char 5: unexpected "}" (query: rate(})',
      });
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('reports an answer that is not the Prometheus API', async () => {
    const server = await scriptedServer([{ status: 200, body: '<html>login</html>' }]);
    try {
      const client = createPrometheusClient({ url: server.url, timeoutMs: 2000, retries: 0 });
      await expect(client.ping()).rejects.toMatchObject({
        failure: 'bad-response',
        message: expect.stringMatching(/did not answer like a Prometheus API.*prometheus\.url/),
      });
    } finally {
      await server.close();
    }
  });

  it('times out slow answers and names the setting', async () => {
    const server = await scriptedServer([{ status: 200, body: matrix, delayMs: 1000 }]);
    try {
      const client = createPrometheusClient({ url: server.url, timeoutMs: 150, retries: 0 });
      await expect(client.queryRange('up', 1000, 1045, 15)).rejects.toMatchObject({
        failure: 'unreachable',
        message: expect.stringMatching(/no answer within 150 ms \(prometheus\.timeoutMs\)/),
      });
    } finally {
      await server.close();
    }
  });

  it('lists label values with a series matcher', async () => {
    const server = await scriptedServer([{ status: 200, body: { status: 'success', data: ['cart', 'orders'] } }]);
    try {
      const client = createPrometheusClient({ url: server.url, timeoutMs: 2000, retries: 0 });
      await expect(client.labelValues('service', '{job="shop"}')).resolves.toEqual(['cart', 'orders']);
      expect(server.seen[0].url).toBe(`/api/v1/label/service/values?match%5B%5D=${encodeURIComponent('{job="shop"}')}`);
    } finally {
      await server.close();
    }
  });
});
