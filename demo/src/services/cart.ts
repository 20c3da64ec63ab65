import type { Downstream } from '../downstream';
import { HttpError, type Route } from '../httpService';

export interface CartLine {
  readonly sku: string;
  readonly qty: number;
  readonly priceCents: number;
}

interface AddItemBody {
  readonly sku?: string;
  readonly qty?: number;
}

const MAX_CARTS = 10_000;

/** Carts in memory, keyed by user; adding an item prices it (catalog) and checks stock (inventory). */
export function createCartRoutes(downstream: Downstream): Route[] {
  const carts = new Map<string, CartLine[]>();

  const cartOf = (user: string) => ({ user, lines: carts.get(user) ?? [] });

  return [
    { method: 'GET', path: '/carts/:user', handler: ({ params }) => cartOf(params.user) },
    {
      method: 'POST',
      path: '/carts/:user/items',
      handler: async ({ params, body }) => {
        const { sku, qty = 1 } = (body ?? {}) as AddItemBody;
        if (typeof sku !== 'string' || !Number.isInteger(qty) || qty < 1) {
          throw new HttpError(400, 'body must be {"sku":"...","qty":N} with N a positive integer');
        }
        const [price, stock] = await Promise.all([
          downstream.call<{ priceCents: number }>('catalog', `/prices/${encodeURIComponent(sku)}`),
          downstream.call<{ available: number }>('inventory', `/stock/${encodeURIComponent(sku)}`),
        ]);
        if (stock.available < qty) {
          throw new HttpError(409, `only ${stock.available} of ${sku} left`);
        }
        if (!carts.has(params.user) && carts.size >= MAX_CARTS) {
          // Forget the oldest cart: users abandon carts, and memory must stay flat without faults.
          const oldest = carts.keys().next().value;
          if (oldest !== undefined) {
            carts.delete(oldest);
          }
        }
        const lines = carts.get(params.user) ?? [];
        lines.push({ sku, qty, priceCents: price.priceCents });
        carts.set(params.user, lines);
        return cartOf(params.user);
      },
    },
    {
      method: 'DELETE',
      path: '/carts/:user',
      handler: ({ params }) => {
        carts.delete(params.user);
        return { user: params.user, lines: [] };
      },
    },
  ];
}
