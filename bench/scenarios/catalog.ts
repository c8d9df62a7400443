import { listingFloor, productPageFloor } from '../lib/floors/catalog';
import type { Scenario } from '../lib/scenario';

/** A catalog page: 20 products with their SKUs (specs, prices, stock), images and category. */
export const LISTING = `query { products(first: 20) { nodes { id name slug status priceRange { min { amount currencyCode } max { amount } } images { url altText } category { id name } skus { id code specs { name value } price { amount currencyCode } memberPrice { amount } inStock } } } }`;
const PRODUCT_PAGE = `query($slug: String) { product(slug: $slug) { id name description status images { url } category { name } skus { id code specs { name value } price { amount } memberPrice { amount } inStock } } }`;

/** Asks the API for a fresh answer: the response cache of public catalog reads is passed by (src/server/response-cache.ts). */
export const FRESH = { 'cache-control': 'no-cache' };

/** The listing computed for every request: what the API itself costs. */
export const listing: Scenario = {
  name: 'listing',
  connections: [16, 64],
  operation: async () => ({ query: LISTING, headers: FRESH }),
  // Its floor serves the listing's SQL raw, as the cached listing's does: measured once, for both.
  floorOf: 'listing, cached',
};

/** The same listing as storefronts send it: answered from the response cache, computed again after each catalog change or second. */
export const listingCached: Scenario = {
  name: 'listing, cached',
  connections: [16, 64],
  operation: async () => ({ query: LISTING }),
  floor: listingFloor,
};

export const productPage: Scenario = {
  name: 'product page',
  connections: [16, 64],
  operation: async (api) => {
    // A real on-sale product from the seeded catalog, found the way a storefront would.
    const data = await api.graphql<{ products: { nodes: { slug: string; status: string }[] } }>({
      query: 'query { products(first: 20, filter: { statuses: [ON_SALE] }) { nodes { slug status } } }',
    });
    const product = data.products.nodes.find((p) => p.status === 'ON_SALE');
    if (!product) throw new Error('no ON_SALE product in the first page of products: is the demo data loaded?');
    return { query: PRODUCT_PAGE, variables: { slug: product.slug }, headers: FRESH };
  },
  floor: productPageFloor,
};
