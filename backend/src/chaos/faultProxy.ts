import http from 'node:http';

/** What the proxy does to the requests passing through it. */
export type ProxyFault =
  | { readonly kind: 'none' }
  | { readonly kind: 'delay'; readonly timeMs: number; readonly jitterMs: number }
  | { readonly kind: 'loss'; readonly percent: number };

export interface FaultProxyOptions {
  readonly host: string;
  /** Port the callers use; 0 picks a free one. */
  readonly listenPort: number;
  readonly upstreamHost: string;
  readonly upstreamPort: number;
  /** Random source for jitter and loss, injectable so tests can pin it. */
  readonly random?: () => number;
}

/** Throws a RangeError naming the bad field, so a bad control request is refused before it takes effect. */
export function assertValidProxyFault(fault: unknown): asserts fault is ProxyFault {
  const candidate = fault as Partial<Record<string, unknown>> | null;
  if (!candidate || typeof candidate !== 'object') {
    throw new RangeError('a proxy fault must be an object like {"kind":"delay","timeMs":200,"jitterMs":20}');
  }
  const nonNegative = (field: string, max: number) => {
    const value = candidate[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
      throw new RangeError(
        `${String(candidate.kind)} needs ${field} between 0 and ${max}, got ${JSON.stringify(value)}`
      );
    }
  };
  switch (candidate.kind) {
    case 'none':
      return;
    case 'delay':
      nonNegative('timeMs', 60_000);
      nonNegative('jitterMs', 60_000);
      return;
    case 'loss':
      nonNegative('percent', 100);
      return;
    default:
      throw new RangeError(`proxy fault kind must be none, delay or loss, got ${JSON.stringify(candidate.kind)}`);
  }
}

/**
 * An HTTP proxy in front of one service, through which every call to it goes. It stands in for `tc netem`, which
 * this kind of machine lacks: `delay` holds each request for time ± jitter before forwarding it, `loss` resets the
 * connection of that share of requests (the caller sees a failed call, as after lost packets and retries give up).
 */
export class FaultProxy {
  private server?: http.Server;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private current: ProxyFault = { kind: 'none' };
  private readonly random: () => number;
  private boundPort = 0;

  constructor(private readonly options: FaultProxyOptions) {
    this.random = options.random ?? Math.random;
  }

  get port(): number {
    return this.boundPort;
  }

  get fault(): ProxyFault {
    return this.current;
  }

  setFault(fault: ProxyFault): void {
    assertValidProxyFault(fault);
    this.current = fault;
  }

  async start(): Promise<void> {
    const server = http.createServer((request, response) => this.handle(request, response));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.listenPort, this.options.host, () => resolve());
    });
    const address = server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : this.options.listenPort;
    this.server = server;
  }

  close(): Promise<void> {
    this.agent.destroy();
    const server = this.server;
    if (!server) {
      return Promise.resolve();
    }
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const fault = this.current;
    if (fault.kind === 'loss' && this.random() * 100 < fault.percent) {
      request.socket.destroy();
      return;
    }
    if (fault.kind === 'delay') {
      const spread = (this.random() * 2 - 1) * fault.jitterMs;
      const waitMs = Math.max(0, fault.timeMs + spread);
      // Pause the request body while we wait so it is not lost before forwarding starts.
      request.pause();
      setTimeout(() => this.forward(request, response), waitMs);
      return;
    }
    this.forward(request, response);
  }

  private forward(request: http.IncomingMessage, response: http.ServerResponse): void {
    const upstream = http.request(
      {
        host: this.options.upstreamHost,
        port: this.options.upstreamPort,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent: this.agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      }
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: `fault proxy: upstream unreachable (${error.message})` }));
      } else {
        response.destroy();
      }
    });
    request.pipe(upstream);
    request.resume();
  }
}
