import { randomInt } from './random';

/** One HTTP call of a journey, relative to the gateway. */
export interface Step {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

export const JOURNEY_KINDS = ['browse', 'search', 'shop', 'checkout', 'track'] as const;
export type JourneyKind = (typeof JOURNEY_KINDS)[number];

const SEARCH_TERMS = ['lamp', 'kettle', 'red', 'tent', 'smart', 'chair', 'vintage', 'guitar'];
const CATEGORIES = ['kitchen', 'garden', 'books', 'toys', 'tools', 'music', 'outdoor', 'office'];
const PRODUCT_COUNT = 240;

function sku(random: () => number): string {
  // Popular products first: a few items get most views, as in real shops (roughly Zipf-shaped).
  const rank = Math.floor(PRODUCT_COUNT * Math.pow(random(), 2.5));
  return `sku-${String(rank + 1).padStart(4, '0')}`;
}

/**
 * The calls a user of the given kind makes, in order. `orderIds` holds recent orders so "track" journeys
 * look up real ones. A journey is planned up front so its content depends only on the seed.
 */
export function planJourney(
  kind: JourneyKind,
  random: () => number,
  user: string,
  orderIds: readonly string[]
): Step[] {
  switch (kind) {
    case 'browse': {
      const steps: Step[] = [{ method: 'GET', path: `/api/products?page=${randomInt(random, 0, 3)}` }];
      for (let index = randomInt(random, 1, 4); index > 0; index--) {
        steps.push({ method: 'GET', path: `/api/products/${sku(random)}` });
      }
      return steps;
    }
    case 'search': {
      const term = SEARCH_TERMS[randomInt(random, 0, SEARCH_TERMS.length - 1)];
      const category = CATEGORIES[randomInt(random, 0, CATEGORIES.length - 1)];
      return [
        { method: 'GET', path: `/api/products?q=${encodeURIComponent(term)}` },
        { method: 'GET', path: `/api/products?category=${category}` },
        { method: 'GET', path: `/api/products/${sku(random)}` },
      ];
    }
    case 'shop': {
      const steps: Step[] = [];
      for (let index = randomInt(random, 1, 3); index > 0; index--) {
        const item = sku(random);
        steps.push({ method: 'GET', path: `/api/products/${item}` });
        steps.push({
          method: 'POST',
          path: `/api/cart/${user}/items`,
          body: { sku: item, qty: randomInt(random, 1, 2) },
        });
      }
      steps.push({ method: 'GET', path: `/api/cart/${user}` });
      return steps;
    }
    case 'checkout': {
      const item = sku(random);
      return [
        { method: 'GET', path: `/api/products/${item}` },
        { method: 'POST', path: `/api/cart/${user}/items`, body: { sku: item, qty: 1 } },
        { method: 'GET', path: `/api/cart/${user}` },
        { method: 'POST', path: `/api/checkout/${user}` },
      ];
    }
    case 'track': {
      if (orderIds.length === 0) {
        return [{ method: 'GET', path: '/api/products' }];
      }
      return [{ method: 'GET', path: `/api/orders/${orderIds[randomInt(random, 0, orderIds.length - 1)]}` }];
    }
  }
}
