import http from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';

/**
 * Exports the ground truth beside the data: `culprit_fault_active{service,fault}` is 1 while a fault is injected
 * and 0 otherwise, so Prometheus holds the labels on the same time axis as the symptoms.
 */
export class FaultActiveExporter {
  readonly registry = new Registry();
  private readonly active = new Gauge({
    name: 'culprit_fault_active',
    help: '1 while the campaign runner has this fault injected into this service, else 0.',
    labelNames: ['service', 'fault'],
    registers: [this.registry],
  });
  private readonly episodes = new Counter({
    name: 'culprit_campaign_episodes_total',
    help: 'Episodes the campaign runner finished, by whether the expected symptom was seen.',
    labelNames: ['verified'],
    registers: [this.registry],
  });
  private server?: http.Server;

  /** Sets every (service, fault) pair to 0 so the series exist before the first fault. */
  declare(services: readonly string[], faults: readonly string[]): void {
    for (const service of services) {
      for (const fault of faults) {
        this.active.set({ service, fault }, 0);
      }
    }
  }

  setActive(service: string, fault: string, active: boolean): void {
    this.active.set({ service, fault }, active ? 1 : 0);
  }

  countEpisode(verified: boolean | null): void {
    this.episodes.inc({ verified: verified === null ? 'unchecked' : String(verified) });
  }

  /** Serves `/metrics` on host:port (port 0 picks a free one) and resolves to the bound port. */
  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const server = http.createServer((request, response) => {
      if (request.url !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      void this.registry.metrics().then((text) => {
        response.writeHead(200, { 'content-type': this.registry.contentType });
        response.end(text);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  close(): Promise<void> {
    const server = this.server;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
