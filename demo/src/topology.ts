/**
 * The shop's call graph: which services exist, the port each listens on by default, and whom each calls.
 * One table so the services, the load generator, the lab and the compose file agree on it.
 */

export const SERVICE_NAMES = ['gateway', 'catalog', 'cart', 'orders', 'payment', 'inventory', 'shipping'] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceSpec {
  readonly name: ServiceName;
  /** Port used when `PORT` is not set (the lab and a bare `node` run; in Docker every service listens on 8080). */
  readonly defaultPort: number;
  /** Services this one calls; each is reached at the URL in `<NAME>_URL` (e.g. `CATALOG_URL`). */
  readonly calls: readonly ServiceName[];
  readonly description: string;
}

export const TOPOLOGY: Readonly<Record<ServiceName, ServiceSpec>> = {
  gateway: {
    name: 'gateway',
    defaultPort: 7101,
    calls: ['catalog', 'cart', 'orders'],
    description: 'public API: fans each user request out to the services behind it',
  },
  catalog: {
    name: 'catalog',
    defaultPort: 7102,
    calls: ['inventory'],
    description: 'product list and search, product pages with live stock',
  },
  cart: {
    name: 'cart',
    defaultPort: 7103,
    calls: ['catalog', 'inventory'],
    description: 'per-user carts; prices from catalog, availability from inventory',
  },
  orders: {
    name: 'orders',
    defaultPort: 7104,
    calls: ['cart', 'inventory', 'payment', 'shipping'],
    description: 'checkout saga: reserve stock, charge, ship, empty the cart',
  },
  payment: {
    name: 'payment',
    defaultPort: 7105,
    calls: [],
    description: 'card charges (hashes a token per charge, so it costs CPU)',
  },
  inventory: {
    name: 'inventory',
    defaultPort: 7106,
    calls: [],
    description: 'stock levels and reservations',
  },
  shipping: {
    name: 'shipping',
    defaultPort: 7107,
    calls: [],
    description: 'shipping quotes and shipments',
  },
};

/** The environment variable holding a service's base URL, e.g. `CATALOG_URL`. */
export function urlVariable(name: ServiceName): string {
  return `${name.toUpperCase()}_URL`;
}

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
