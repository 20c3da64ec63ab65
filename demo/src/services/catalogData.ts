import { seededRandom } from '../random';

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly priceCents: number;
}

const CATEGORIES = ['kitchen', 'garden', 'books', 'toys', 'tools', 'music', 'outdoor', 'office'];
const ADJECTIVES = ['red', 'compact', 'classic', 'deluxe', 'travel', 'smart', 'organic', 'vintage', 'silent', 'giant'];
const NOUNS = ['kettle', 'lamp', 'notebook', 'drill', 'guitar', 'tent', 'chair', 'puzzle', 'planter', 'backpack'];

/** The shop's fixed product list: the same seed gives the same products in every service and every run. */
export function generateProducts(count: number, seed = 7): Product[] {
  const random = seededRandom(seed);
  const products: Product[] = [];
  for (let index = 0; index < count; index++) {
    const adjective = ADJECTIVES[Math.floor(random() * ADJECTIVES.length)];
    const noun = NOUNS[Math.floor(random() * NOUNS.length)];
    products.push({
      id: `sku-${String(index + 1).padStart(4, '0')}`,
      name: `${adjective} ${noun}`,
      category: CATEGORIES[Math.floor(random() * CATEGORIES.length)],
      priceCents: 199 + Math.floor(random() * 20_000),
    });
  }
  return products;
}

export const PRODUCT_COUNT = 240;
