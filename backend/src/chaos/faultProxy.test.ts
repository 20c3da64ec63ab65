import http from 'node:http';
import { assertValidProxyFault, FaultProxy } from './faultProxy';

describe('FaultProxy', () => {
  let upstream: http.Server;
  let proxy: FaultProxy;
  let randomValue = 0.5;

  beforeAll(async () => {
    upstream = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        response.writeHead(201, { 'content-type': 'text/plain' });
        response.end(`${request.method} ${request.url} ${Buffer.concat(chunks).toString()}`);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    const address = upstream.address() as { port: number };
    proxy = new FaultProxy({
      host: '127.0.0.1',
      listenPort: 0,
      upstreamHost: '127.0.0.1',
      upstreamPort: address.port,
      random: () => randomValue,
    });
    await proxy.start();
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  afterEach(() => proxy.setFault({ kind: 'none' }));

  const send = async (body?: string) => {
    const started = Date.now();
    const response = await fetch(`http://127.0.0.1:${proxy.port}/things?x=1`, {
      method: body ? 'POST' : 'GET',
      body,
    });
    return { status: response.status, text: await response.text(), elapsedMs: Date.now() - started };
  };

  it('forwards method, path, body and status unchanged when no fault is set', async () => {
    await expect(send('hello')).resolves.toMatchObject({ status: 201, text: 'POST /things?x=1 hello' });
  });

  it('holds each request for the delay plus the jitter drawn', async () => {
    randomValue = 1; // the top of the jitter range: 150 + 50 ms
    proxy.setFault({ kind: 'delay', timeMs: 150, jitterMs: 50 });
    const delayed = await send('slow');
    expect(delayed.text).toBe('POST /things?x=1 slow');
    expect(delayed.elapsedMs).toBeGreaterThanOrEqual(195);
    proxy.setFault({ kind: 'none' });
    expect((await send()).elapsedMs).toBeLessThan(150);
  });

  it('resets the connection of the requests that fall in the loss share and forwards the rest', async () => {
    proxy.setFault({ kind: 'loss', percent: 30 });
    randomValue = 0.29; // 29 < 30: dropped
    await expect(send()).rejects.toThrow();
    randomValue = 0.31; // 31 >= 30: forwarded
    await expect(send()).resolves.toMatchObject({ status: 201 });
  });

  it.each([
    [{ kind: 'delay', timeMs: -1, jitterMs: 0 }, /timeMs between 0 and 60000/],
    [{ kind: 'loss', percent: 101 }, /percent between 0 and 100/],
    [{ kind: 'drop' }, /must be none, delay or loss/],
    [null, /must be an object/],
  ])('refuses the bad fault %j', (fault, message) => {
    expect(() => assertValidProxyFault(fault)).toThrow(message);
  });
});
