/**
 * The catalog scenarios' floor, run as a process of its own by FloorProcess: the statements the API
 * runs for the listing and the product page (captured from the catalog's own read functions, see
 * catalog-statements.ts), as named prepared statements on a pg pool, answered with the JSON the
 * API gives for the bench's queries (bench/scenarios/catalog.ts) and nothing else: no GraphQL, no
 * request context, no limits.
 *
 *   POST /listing   the answer to LISTING
 *   POST /product   the answer to PRODUCT_PAGE for the body's variables.slug
 */
import 'reflect-metadata';
import { toGlobalId } from '../../../src/lib/ids';
import { formatFen } from '../../../src/lib/money';
import type { ProductWithRelations, SkuRow } from '../../../src/modules/catalog/reads';
import { productStatus } from '../../../src/modules/catalog/rules';
import { listingStatement, productPageStatement, SLUG_PLACEHOLDER } from './catalog-statements';
import { floorPool, serve, type Answer } from './serve';

const PAGE = 20;

const amount = (fen: number) => ({ amount: formatFen(fen) });
const money = (fen: number) => ({ amount: formatFen(fen), currencyCode: 'CNY' });
const status = (p: ProductWithRelations) => productStatus(p.publication, p.sale_starts_at == null ? null : new Date(p.sale_starts_at));
const specs = (s: SkuRow) => s.specs.map(({ name, value }) => ({ name, value }));

/** `nodes { id name slug status priceRange { min { amount currencyCode } max { amount } } images { url altText } category { id name } skus { … } }` */
function listingNode(p: ProductWithRelations) {
  return {
    id: toGlobalId('Product', p.id),
    name: p.name,
    slug: p.slug,
    status: status(p),
    priceRange: { min: money(p.min_price), max: amount(p.max_price) },
    images: p.images_json.map((i) => ({ url: i.url, altText: i.alt_text })),
    category: { id: toGlobalId('Category', p.category_json.id), name: p.category_json.name },
    skus: p.skus_json.map((s) => ({
      id: toGlobalId('Sku', s.id),
      code: s.code,
      specs: specs(s),
      price: money(s.price),
      memberPrice: s.member_price == null ? null : amount(s.member_price),
      inStock: s.stock > 0,
    })),
  };
}

/** `product(slug:) { id name description status images { url } category { name } skus { id code specs { name value } price { amount } memberPrice { amount } inStock } }` */
function productPage(p: ProductWithRelations) {
  return {
    id: toGlobalId('Product', p.id),
    name: p.name,
    description: p.description,
    status: status(p),
    images: p.images_json.map((i) => ({ url: i.url })),
    category: { name: p.category_json.name },
    skus: p.skus_json.map((s) => ({
      id: toGlobalId('Sku', s.id),
      code: s.code,
      specs: specs(s),
      price: amount(s.price),
      memberPrice: s.member_price == null ? null : amount(s.member_price),
      inStock: s.stock > 0,
    })),
  };
}

const ok = (data: unknown): Answer => ({ status: 200, json: JSON.stringify({ data }) });

async function main(): Promise<void> {
  const [listing, product] = await Promise.all([listingStatement(PAGE), productPageStatement()]);
  const pool = floorPool();
  serve(pool, async (path, body) => {
    if (path === '/listing') {
      // The statement asks for one row more than the page, to know whether another page follows.
      const { rows } = await pool.query<ProductWithRelations>(listing);
      return ok({ products: { nodes: rows.slice(0, PAGE).map(listingNode) } });
    }
    if (path === '/product') {
      const slug: unknown = (JSON.parse(body) as { variables?: { slug?: unknown } }).variables?.slug;
      if (typeof slug !== 'string') return { status: 400, json: JSON.stringify({ errors: [{ message: 'variables.slug: a string' }] }) };
      const { rows } = await pool.query<ProductWithRelations>({ ...product, values: product.values.map((v) => (v === SLUG_PLACEHOLDER ? slug : v)) });
      return ok({ product: rows[0] ? productPage(rows[0]) : null });
    }
    return { status: 404, json: '{}' };
  });
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
