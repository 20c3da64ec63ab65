import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One alert of an Alertmanager webhook notification (Alertmanager's webhook payload, version 4). */
export interface WebhookAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly fingerprint: string;
}

/** One notification as received, with the time it arrived. */
export interface WebhookNotification {
  readonly receivedAt: number;
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly groupLabels: Record<string, string>;
  readonly alerts: readonly WebhookAlert[];
}

/** A running webhook receiver. Always `stop()` it. */
export interface WebhookReceiver {
  /** The URL to put in a `webhook_configs[].url`. */
  readonly url: string;
  readonly notifications: readonly WebhookNotification[];
  /** Resolves with the first alert (in arrival order) that `match` accepts, or rejects after `timeoutMs`. */
  waitFor(
    match: (alert: WebhookAlert, notification: WebhookNotification) => boolean,
    timeoutMs: number
  ): Promise<{ alert: WebhookAlert; notification: WebhookNotification }>;
  stop(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 that records Alertmanager's webhook notifications (`POST` with a JSON body), as a
 * real receiver (a chat bot, a pager bridge) would get them.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const notifications: WebhookNotification[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      try {
        const payload = JSON.parse(body) as Omit<WebhookNotification, 'receivedAt'>;
        notifications.push({ ...payload, receivedAt: Date.now() });
        response.writeHead(200).end();
      } catch {
        response.writeHead(400).end('not JSON');
      }
      for (const wake of waiters) {
        wake();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const find = (match: (alert: WebhookAlert, notification: WebhookNotification) => boolean) => {
    for (const notification of notifications) {
      for (const alert of notification.alerts) {
        if (match(alert, notification)) {
          return { alert, notification };
        }
      }
    }
    return undefined;
  };

  return {
    url: `http://127.0.0.1:${port}/alerts`,
    notifications,
    waitFor(match, timeoutMs) {
      return new Promise((resolve, reject) => {
        const found = find(match);
        if (found) {
          resolve(found);
          return;
        }
        const wake = () => {
          const hit = find(match);
          if (hit) {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `no matching alert within ${timeoutMs} ms; received: ${JSON.stringify(notifications.map((n) => n.alerts.map((a) => [a.status, a.labels])))}`
            )
          );
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
