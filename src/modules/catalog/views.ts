import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { Category as CategoryEntity, Product as ProductEntity, Sku as SkuEntity } from './entities';
import type { CategoryRow, ProductRow, ProductWithRelations, SkuRow, StockMovementRow } from './reads';
import { productStatus } from './rules';
import type { Category, Product, Sku, StockMovement } from './types';

/** Rows (read path) and entities (after a write) become the GraphQL objects here, in one place. */
export function productView(row: ProductRow): Product {
  return {
    __typename: 'Product',
    id: toGlobalId('Product', row.id),
    dbId: row.id,
    categoryDbId: row.category_id,
    priceFloor: row.price_floor,
    priceCeiling: row.price_ceiling,
    slug: row.slug,
    name: row.name,
    description: row.description,
    status: productStatus(row.publication, row.sale_starts_at == null ? null : new Date(row.sale_starts_at)),
    saleStartsAt: row.sale_starts_at == null ? null : new Date(row.sale_starts_at),
    tags: row.tags,
    priceRange: { min: money(row.min_price), max: money(row.max_price) },
    salesCount: row.sales_count,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  } as Product;
}

/** A product from a one-statement read: its SKUs, images and category resolve without the database. */
export function productWithRelationsView(row: ProductWithRelations): Product {
  const view = productView(row);
  view.loaded = { skus: row.skus_json, images: row.images_json, category: row.category_json };
  return view;
}

export function productEntityView(p: ProductEntity): Product {
  return productView({
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    category_id: p.category.id,
    tags: p.tags,
    publication: p.publication,
    sale_starts_at: p.saleStartsAt?.toISOString() ?? null,
    price_floor: p.priceFloor,
    price_ceiling: p.priceCeiling,
    min_price: p.minPrice,
    max_price: p.maxPrice,
    sales_count: p.salesCount,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  });
}

export function skuView(row: SkuRow): Sku {
  return {
    __typename: 'Sku',
    id: toGlobalId('Sku', row.id),
    dbId: row.id,
    productDbId: row.product_id,
    stock: row.stock,
    code: row.code,
    specs: row.specs,
    price: money(row.price),
    memberPrice: row.member_price == null ? null : money(row.member_price),
    inStock: row.stock > 0,
  } as Sku;
}

export function skuEntityView(s: SkuEntity): Sku {
  return skuView({
    id: s.id,
    product_id: s.product.id,
    code: s.code,
    specs: s.specs,
    price: s.price,
    member_price: s.memberPrice,
    stock: s.stock,
    position: s.position,
  });
}

export function categoryView(row: CategoryRow): Category {
  return {
    __typename: 'Category',
    id: toGlobalId('Category', row.id),
    dbId: row.id,
    parentDbId: row.parent_id,
    path: row.path,
    name: row.name,
    slug: row.slug,
    position: row.position,
  } as Category;
}

export function categoryEntityView(c: CategoryEntity): Category {
  return categoryView({ id: c.id, parent_id: c.parent?.id ?? null, name: c.name, slug: c.slug, path: c.path, position: c.position });
}

export function stockMovementView(row: StockMovementRow): StockMovement {
  return {
    __typename: 'StockMovement',
    id: toGlobalId('StockMovement', row.id),
    skuDbId: row.sku_id,
    delta: row.delta,
    stockAfter: row.stock_after,
    reason: row.reason,
    createdAt: new Date(row.created_at),
  } as StockMovement;
}
