import type http from 'node:http';
import { Downstream } from './downstream';
import { createHttpService, type Route } from './httpService';
import { createServiceMetrics } from './metrics';
import { createCartRoutes } from './services/cart';
import { createCatalogRoutes } from './services/catalog';
import { createGatewayRoutes } from './services/gateway';
import { createInventoryRoutes } from './services/inventory';
import { createOrdersRoutes } from './services/orders';
import { createPaymentRoutes } from './services/payment';
import { createShippingRoutes } from './services/shipping';
import { type ServiceName, TOPOLOGY } from './topology';

export interface RunningService {
  readonly server: http.Server;
  readonly port: number;
  close(): Promise<void>;
}

function routesFor(name: ServiceName, downstream: Downstream): Route[] {
  switch (name) {
    case 'gateway':
      return createGatewayRoutes(downstream);
    case 'catalog':
      return createCatalogRoutes(downstream);
    case 'cart':
      return createCartRoutes(downstream);
    case 'orders':
      return createOrdersRoutes(downstream);
    case 'payment':
      return createPaymentRoutes();
    case 'inventory':
      return createInventoryRoutes();
    case 'shipping':
      return createShippingRoutes();
  }
}

/**
 * Starts one shop service on `PORT` (or its default port), bound to `HOST` (default 0.0.0.0 in a container,
 * set 127.0.0.1 on a shared machine). Downstream URLs come from `<NAME>_URL` variables.
 */
export async function runService(name: ServiceName, env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const spec = TOPOLOGY[name];
  const port = env.PORT ? Number(env.PORT) : spec.defaultPort;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`PORT must be a TCP port number, got "${env.PORT}".`);
  }
  const host = env.HOST ?? '0.0.0.0';
  const metrics = createServiceMetrics(name);
  const downstream = new Downstream(name, spec.calls, metrics, env);
  const server = createHttpService(routesFor(name, downstream), metrics, name);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    port: boundPort,
    close: () =>
      new Promise<void>((resolve) => {
        downstream.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
