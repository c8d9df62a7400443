import type { ModuleManifest } from '../manifest';
import { Category, Product, ProductImage, Sku, StockMovement } from './entities';
import { CategoryResolver, ProductResolver, SkuResolver, StockMovementResolver, categoryNode, skuNode, visibleProduct } from './resolver';

/** The catalog: categories, products, SKUs and their stock. */
export const catalogModule: ModuleManifest = {
  name: 'catalog',
  entities: [Category, Product, ProductImage, Sku, StockMovement],
  resolvers: [ProductResolver, SkuResolver, StockMovementResolver, CategoryResolver],
  nodeTypes: { Product: visibleProduct, Sku: skuNode, Category: categoryNode },
};
