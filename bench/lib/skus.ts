import type { Session } from './accounts';
import type { Api } from './api';
import { inParallel } from './parallel';
import { RUN_TAG } from './settings';

const ADJUST_STOCK = 'mutation($input: StockAdjustmentInput!) { adjustSkuStock(input: $input) { sku { id stock } userErrors { code message } } }';

/**
 * Up to `count` SKUs of on-sale products in stock, found the way a storefront would: the first SKU
 * of every product, then the second ones, ...: as many products as possible. `products`: how many
 * products they come from.
 */
export async function onSaleSkus(api: Api, count: number): Promise<{ ids: string[]; products: number }> {
  const data = await api.graphql<{ products: { nodes: { status: string; skus: { id: string }[] }[] } }>({
    query: 'query { products(first: 100, filter: { inStock: true }) { nodes { status skus { id } } } }',
  });
  const onSale = data.products.nodes.filter((p) => p.status === 'ON_SALE');
  const ids: string[] = [];
  for (let k = 0; ids.length < count && onSale.some((p) => k < p.skus.length); k++) {
    for (const p of onSale) if (k < p.skus.length && ids.length < count) ids.push(p.skus[k].id);
  }
  return { ids, products: Math.min(onSale.length, ids.length) };
}

/** `delta` more stock on each SKU, through the operator API, once per SKU and benchmark run. */
export async function addStock(api: Api, operator: Session, skuIds: string[], delta: number, reason: string): Promise<void> {
  await inParallel(skuIds, 8, async (skuId) => {
    const result = await api.graphql<{ adjustSkuStock: { userErrors: { code: string; message: string }[] } }>(
      {
        query: ADJUST_STOCK,
        variables: { input: { skuId, delta, reason, idempotencyKey: `bench-stock-${RUN_TAG}-${skuId}` } },
        headers: { authorization: `Bearer ${operator.accessToken}` },
      },
      { storefrontKey: false },
    );
    const refused = result.adjustSkuStock.userErrors;
    if (refused.length) throw new Error(`adjustSkuStock ${skuId}: ${refused.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  });
}
