import type { Downstream } from '../downstream';
import { HttpError, type Route } from '../httpService';
import type { CartLine } from './cart';

interface Order {
  readonly id: string;
  readonly user: string;
  readonly totalCents: number;
  readonly chargeId: string;
  readonly trackingId: string;
}

const MAX_ORDERS = 20_000;

/**
 * Checkout: read the cart, reserve stock, quote shipping, charge, create the shipment, empty the cart.
 * Every step is a call, so a fault anywhere on the path shows in the orders latency and errors.
 */
export function createOrdersRoutes(downstream: Downstream): Route[] {
  const orders = new Map<string, Order>();
  let next = 1;
  return [
    {
      method: 'POST',
      path: '/orders',
      handler: async ({ body }) => {
        const user = (body as { user?: unknown } | undefined)?.user;
        if (typeof user !== 'string') {
          throw new HttpError(400, 'body must be {"user":"..."}');
        }
        const cart = await downstream.call<{ lines: CartLine[] }>('cart', `/carts/${encodeURIComponent(user)}`);
        if (cart.lines.length === 0) {
          throw new HttpError(409, `the cart of ${user} is empty`);
        }
        const items = cart.lines.map((line) => ({ sku: line.sku, qty: line.qty }));
        const itemCount = items.reduce((sum, item) => sum + item.qty, 0);
        const [, quote] = await Promise.all([
          downstream.call('inventory', '/reservations', { method: 'POST', body: { items } }),
          downstream.call<{ costCents: number }>('shipping', `/quotes?items=${itemCount}`),
        ]);
        const totalCents = cart.lines.reduce((sum, line) => sum + line.qty * line.priceCents, 0) + quote.costCents;
        const charge = await downstream.call<{ chargeId: string }>('payment', '/charges', {
          method: 'POST',
          body: { user, amountCents: totalCents },
        });
        const id = `ord-${next++}`;
        const shipment = await downstream.call<{ trackingId: string }>('shipping', '/shipments', {
          method: 'POST',
          body: { orderId: id, items: itemCount },
        });
        await downstream.call('cart', `/carts/${encodeURIComponent(user)}`, { method: 'DELETE' });
        const order: Order = { id, user, totalCents, chargeId: charge.chargeId, trackingId: shipment.trackingId };
        if (orders.size >= MAX_ORDERS) {
          const oldest = orders.keys().next().value;
          if (oldest !== undefined) {
            orders.delete(oldest);
          }
        }
        orders.set(id, order);
        return order;
      },
    },
    {
      method: 'GET',
      path: '/orders/:id',
      handler: ({ params }) => {
        const order = orders.get(params.id);
        if (!order) {
          throw new HttpError(404, `unknown order ${params.id}`);
        }
        return order;
      },
    },
  ];
}
