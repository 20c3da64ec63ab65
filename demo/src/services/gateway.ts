import type { Downstream } from '../downstream';
import type { Route } from '../httpService';

/** The public API the load generator (a browser, in real life) talks to; it only forwards. */
export function createGatewayRoutes(downstream: Downstream): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/products',
      handler: ({ query }) => downstream.call('catalog', `/products?${query.toString()}`),
    },
    {
      method: 'GET',
      path: '/api/products/:id',
      handler: ({ params }) => downstream.call('catalog', `/products/${encodeURIComponent(params.id)}`),
    },
    {
      method: 'GET',
      path: '/api/cart/:user',
      handler: ({ params }) => downstream.call('cart', `/carts/${encodeURIComponent(params.user)}`),
    },
    {
      method: 'POST',
      path: '/api/cart/:user/items',
      handler: ({ params, body }) =>
        downstream.call('cart', `/carts/${encodeURIComponent(params.user)}/items`, { method: 'POST', body }),
    },
    {
      method: 'POST',
      path: '/api/checkout/:user',
      handler: ({ params }) => downstream.call('orders', '/orders', { method: 'POST', body: { user: params.user } }),
    },
    {
      method: 'GET',
      path: '/api/orders/:id',
      handler: ({ params }) => downstream.call('orders', `/orders/${encodeURIComponent(params.id)}`),
    },
  ];
}
