// What is on offer and at what price: merged from the reader's products and prices of each dealer
// message. A later price for the same product and quantity replaces the earlier one; an amount
// no street price would have ("1000000 euro") is counted, not kept.
import { plausiblePrice } from '../reader/prices.js';
import type { Reading } from '../reader/types.js';
import type { Offer } from './types.js';

export function emptyOffer(): Offer {
  return { products: [], prices: [], implausible: 0 };
}

/** Folds one dealer message's reading into the offer (returns a new offer). */
export function addToOffer(o: Offer, r: Reading, tMs: number): Offer {
  const products = [...o.products];
  for (const p of r.products) if (!products.includes(p)) products.push(p);
  const prices = [...o.prices];
  let implausible = o.implausible;
  for (const p of r.prices) {
    if (!Number.isFinite(p.amount) || p.amount <= 0 || !plausiblePrice(p)) {
      implausible++;
      continue;
    }
    // a product-less price in a message about one product is that product's ("2g? 110")
    const product = p.product ?? (r.products.length === 1 ? r.products[0]! : null);
    if (product !== null && !products.includes(product)) products.push(product);
    const i = prices.findIndex((q) => q.product === product && q.qty === p.qty && q.unit === p.unit);
    const item = { product, amount: p.amount, qty: p.qty, unit: p.unit, tMs };
    if (i >= 0) prices[i] = item;
    else prices.push(item);
  }
  return { products, prices, implausible };
}

/** The latest plausible price of a product (or of anything, with product null), if any. */
export function latestPrice(o: Offer, product: string | null = null) {
  let best: Offer['prices'][number] | null = null;
  for (const p of o.prices) if ((product === null || p.product === product) && (!best || p.tMs >= best.tMs)) best = p;
  return best;
}
