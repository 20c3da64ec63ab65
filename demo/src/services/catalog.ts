import type { Downstream } from '../downstream';
import { HttpError, type Route } from '../httpService';
import { generateProducts, PRODUCT_COUNT, type Product } from './catalogData';

const PAGE_SIZE = 20;

/** Product list and search from memory; a product page also asks inventory for live stock. */
export function createCatalogRoutes(downstream: Downstream): Route[] {
  const products = generateProducts(PRODUCT_COUNT);
  const byId = new Map(products.map((product) => [product.id, product]));

  const find = (id: string): Product => {
    const product = byId.get(id);
    if (!product) {
      throw new HttpError(404, `unknown product ${id}`);
    }
    return product;
  };

  return [
    {
      method: 'GET',
      path: '/products',
      handler: ({ query }) => {
        const text = (query.get('q') ?? '').toLowerCase();
        const category = query.get('category');
        const page = Math.max(0, Number(query.get('page') ?? 0) || 0);
        const matching = products.filter(
          (product) => (!text || product.name.includes(text)) && (!category || product.category === category)
        );
        return { total: matching.length, items: matching.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE) };
      },
    },
    {
      method: 'GET',
      path: '/products/:id',
      handler: async ({ params }) => {
        const product = find(params.id);
        const stock = await downstream.call<{ available: number }>('inventory', `/stock/${product.id}`);
        return { ...product, available: stock.available };
      },
    },
    // Prices without stock, for cart and orders, which check stock themselves.
    {
      method: 'GET',
      path: '/prices/:id',
      handler: ({ params }) => ({ id: params.id, priceCents: find(params.id).priceCents }),
    },
  ];
}
