import { HttpError, type Route } from '../httpService';
import { generateProducts, PRODUCT_COUNT } from './catalogData';

interface ReserveBody {
  readonly items: ReadonlyArray<{ sku: string; qty: number }>;
}

/** Stock levels in memory; reservations take stock and a slow restock puts it back so the shop never sells out. */
export function createInventoryRoutes(): Route[] {
  const stock = new Map<string, number>();
  for (const product of generateProducts(PRODUCT_COUNT)) {
    stock.set(product.id, 50 + (product.priceCents % 150));
  }
  const restock = setInterval(() => {
    for (const [sku, level] of stock) {
      if (level < 200) {
        stock.set(sku, level + 1);
      }
    }
  }, 2_000);
  restock.unref();

  const levelOf = (sku: string): number => {
    const level = stock.get(sku);
    if (level === undefined) {
      throw new HttpError(404, `unknown sku ${sku}`);
    }
    return level;
  };

  return [
    {
      method: 'GET',
      path: '/stock/:sku',
      handler: ({ params }) => ({ sku: params.sku, available: levelOf(params.sku) }),
    },
    {
      method: 'POST',
      path: '/reservations',
      handler: ({ body }) => {
        const items = (body as ReserveBody | undefined)?.items;
        if (!Array.isArray(items) || items.length === 0) {
          throw new HttpError(400, 'body must be {"items":[{"sku":"...","qty":N}]}');
        }
        for (const item of items) {
          if (levelOf(item.sku) < item.qty) {
            throw new HttpError(409, `not enough stock for ${item.sku}`);
          }
        }
        for (const item of items) {
          stock.set(item.sku, levelOf(item.sku) - item.qty);
        }
        return { reserved: items.length };
      },
    },
  ];
}
