import { HttpError, type Route } from '../httpService';

interface ShipmentBody {
  readonly orderId?: string;
  readonly items?: number;
}

const MAX_SHIPMENTS = 20_000;

/** Shipping quotes from the item count, and shipments kept in memory (oldest forgotten first). */
export function createShippingRoutes(): Route[] {
  const shipments = new Map<string, { orderId: string; items: number; createdAt: number }>();
  let next = 1;
  return [
    {
      method: 'GET',
      path: '/quotes',
      handler: ({ query }) => {
        const items = Number(query.get('items') ?? 1);
        if (!Number.isInteger(items) || items < 1) {
          throw new HttpError(400, 'items must be a positive integer');
        }
        return { items, costCents: 490 + 120 * (items - 1) };
      },
    },
    {
      method: 'POST',
      path: '/shipments',
      handler: ({ body }) => {
        const { orderId, items } = (body ?? {}) as ShipmentBody;
        if (typeof orderId !== 'string' || typeof items !== 'number') {
          throw new HttpError(400, 'body must be {"orderId":"...","items":N}');
        }
        const trackingId = `trk-${next++}`;
        if (shipments.size >= MAX_SHIPMENTS) {
          const oldest = shipments.keys().next().value;
          if (oldest !== undefined) {
            shipments.delete(oldest);
          }
        }
        shipments.set(trackingId, { orderId, items, createdAt: Date.now() });
        return { trackingId };
      },
    },
    {
      method: 'GET',
      path: '/shipments/:id',
      handler: ({ params }) => {
        const shipment = shipments.get(params.id);
        if (!shipment) {
          throw new HttpError(404, `unknown shipment ${params.id}`);
        }
        return { trackingId: params.id, ...shipment };
      },
    },
  ];
}
