import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Query, Resolver, Root, Int } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars } from '../../lib/bounds';
import { badInput } from '../../lib/errors';
import { NO_SUCH_ID, idOf } from '../../lib/ids';
import { money } from '../../lib/money';
import { PageArgs, pageCost, mapConnection } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import { publicReads } from '../../lib/sql';
import { PUBLIC_CATALOG_READ } from '../../lib/public-reads';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import { CatalogReads, LISTED_STATUSES, ProductSort, VISIBLE_STATUSES, type CategoryRow, type ImageRow, type SkuRow, type StockMovementRow } from './reads';
import { MAX_SLUG_LENGTH, ProductStatus } from './rules';
import {
  AdjustSkuStockPayload,
  Category,
  CategoryCreateInput,
  CategoryPayload,
  CategoryUpdateInput,
  DeleteCategoryPayload,
  DeleteSkuPayload,
  PriceControlBand,
  Product,
  ProductConnection,
  ProductCreateInput,
  ProductFilterInput,
  ProductImage,
  ProductPayload,
  ProductUpdateInput,
  Sku,
  SkuCreateInput,
  SkuPayload,
  SkuUpdateInput,
  StockAdjustmentInput,
  StockMovement,
  StockMovementConnection,
} from './types';
import { categoryEntityView, categoryView, productEntityView, productView, productWithRelationsView, skuEntityView, skuView, stockMovementView } from './views';
import { catalogService } from './service';
import { catalogLoaders } from './loaders';

const listCost =
  (n: number) =>
  ({ childComplexity }: { childComplexity: number }) =>
    1 + childComplexity * n;

/**
 * The catalog's public reads (listing, product page, categories) on a read replica when there are
 * some (DATABASE_READ_URLS); operators read on the primary, where what they just wrote already is.
 */
const catalogReadEm = (ctx: RequestContext) => (ctx.isOperator ? ctx.em : publicReads(ctx.em));

const statusesFor = (ctx: RequestContext, list: boolean) => (ctx.isOperator ? Object.values(ProductStatus) : list ? LISTED_STATUSES : VISIBLE_STATUSES);

export async function visibleProduct(ctx: RequestContext, id: string): Promise<Product | null> {
  const row = await ctx.use(catalogLoaders).product.load(id);
  if (!row) return null;
  const view = productView(row);
  return statusesFor(ctx, false).includes(view.status) ? view : null;
}

export const skuNode: NodeFetcher = async (ctx, id) => {
  const row = await ctx.use(catalogLoaders).sku.load(id);
  return row && (await visibleProduct(ctx, row.product_id)) ? skuView(row) : null;
};
export const categoryNode: NodeFetcher = async (ctx, id) => {
  const row = await ctx.use(catalogLoaders).category.load(id);
  return row ? categoryView(row) : null;
};

@Resolver(() => Product)
export class ProductResolver {
  @Extensions(PUBLIC_CATALOG_READ)
  @Query(() => Product, {
    nullable: true,
    description: 'A product by ID or slug (give exactly one). Storefronts see previews, on-sale and off-sale products; drafts only operators.',
  })
  async product(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "The product's ID." }) id?: string,
    @Arg('slug', () => String, { nullable: true, ...maxChars(MAX_SLUG_LENGTH, "The product's slug.") }) slug?: string,
  ): Promise<Product | null> {
    if ((id == null) === (slug == null)) throw badInput('Give exactly one of id and slug');
    const dbId = id != null ? idOf('Product', id) : undefined;
    if (id != null && !dbId) return null;
    const row = await new CatalogReads(ctx.use(catalogReadEm)).product({ id: dbId ?? undefined, slug: slug ?? undefined }, statusesFor(ctx, false));
    return row ? productWithRelationsView(row) : null;
  }

  @Extensions(PUBLIC_CATALOG_READ)
  @Query(() => ProductConnection, {
    complexity: pageCost,
    description: 'Products, filtered and sorted, a page at a time. Storefronts see PREVIEW and ON_SALE products; operators see every status.',
  })
  async products(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => ProductFilterInput, { nullable: true, description: 'Filters; all given must match.' }) filter?: ProductFilterInput,
    @Arg('sort', () => ProductSort, { defaultValue: ProductSort.NEWEST, description: 'Order of the list.' }) sort: ProductSort = ProductSort.NEWEST,
  ) {
    let categoryId: string | null = null;
    if (filter?.categoryId) {
      categoryId = idOf('Category', filter.categoryId);
      if (!categoryId) throw badInput('filter.categoryId is not a category ID', 'filter.categoryId');
    }
    const connection = await new CatalogReads(ctx.use(catalogReadEm)).products(page, { ...filter, categoryId }, sort, statusesFor(ctx, true));
    return mapConnection(connection, productWithRelationsView);
  }

  @FieldResolver(() => Category, { description: 'The category the product belongs to.' })
  category(@Root() product: Product, @Ctx() ctx: RequestContext): Category | Promise<Category> {
    if (product.loaded?.category) return categoryView(product.loaded.category);
    return ctx
      .use(catalogLoaders)
      .category.load(product.categoryDbId)
      .then((row) => categoryView(row!));
  }

  @FieldResolver(() => [ProductImage], { complexity: listCost(5), description: 'Images in display order; the first is the main image.' })
  images(@Root() product: Product, @Ctx() ctx: RequestContext): ProductImage[] | Promise<ProductImage[]> {
    const view = (rows: ImageRow[]) => rows.map((r) => ({ url: r.url, altText: r.alt_text }));
    return product.loaded ? view(product.loaded.images) : ctx.use(catalogLoaders).imagesByProduct.load(product.dbId).then(view);
  }

  @FieldResolver(() => [Sku], { complexity: listCost(6), description: 'The SKUs in display order.' })
  skus(@Root() product: Product, @Ctx() ctx: RequestContext): Sku[] | Promise<Sku[]> {
    return product.loaded
      ? product.loaded.skus.map(skuView)
      : ctx
          .use(catalogLoaders)
          .skusByProduct.load(product.dbId)
          .then((rows) => rows.map(skuView));
  }

  @FieldResolver(() => Boolean, { description: 'At least one SKU is in stock. Storefronts may see a change of stock up to one second late.' })
  inStock(@Root() product: Product, @Ctx() ctx: RequestContext): boolean | Promise<boolean> {
    const any = (rows: SkuRow[]) => rows.some((s) => s.stock > 0);
    return product.loaded ? any(product.loaded.skus) : ctx.use(catalogLoaders).skusByProduct.load(product.dbId).then(any);
  }

  @Authorized(Role.MEMBER, Role.OPERATOR)
  @FieldResolver(() => PriceControlBand, {
    nullable: true,
    description: 'The price-control band (控价) for member shop prices; null when the product has none. Members and operators only.',
  })
  priceControl(@Root() product: Product): PriceControlBand | null {
    if (product.priceFloor == null && product.priceCeiling == null) return null;
    return {
      floor: product.priceFloor == null ? null : money(product.priceFloor),
      ceiling: product.priceCeiling == null ? null : money(product.priceCeiling),
    };
  }

  // ── operator mutations ─────────────────────────────────────────────────────

  @Authorized(Role.OPERATOR)
  @Mutation(() => ProductPayload, { description: 'Creates a product with its SKUs, as a draft. Operators only.' })
  createProduct(
    @Arg('input', () => ProductCreateInput, { description: 'The product and its SKUs.' }) input: ProductCreateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductPayload> {
    return payload(
      async () => {
        const product = await ctx.use(catalogService).createProduct({ ...input, categoryId: idOf('Category', input.categoryId) }, ctx.viewer!.accountId);
        return { product: productEntityView(product) };
      },
      { product: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ProductPayload, { description: "Changes a product's details. Operators only." })
  updateProduct(
    @Arg('id', () => ID, { description: 'The product.' }) id: string,
    @Arg('input', () => ProductUpdateInput, { description: 'The changes.' }) input: ProductUpdateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductPayload> {
    return payload(
      async () => {
        const categoryId = input.categoryId == null ? undefined : idOf('Category', input.categoryId);
        const product = await ctx.use(catalogService).updateProduct(idOf('Product', id), { ...input, categoryId });
        return { product: productEntityView(product) };
      },
      { product: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ProductPayload, {
    description: 'Publishes a product: on sale now, or a preview (商品预告) until saleStartsAt when that is in the future. Operators only.',
  })
  publishProduct(
    @Arg('id', () => ID, { description: 'The product.' }) id: string,
    @Ctx() ctx: RequestContext,
    @Arg('saleStartsAt', () => GraphQLDateTimeISO, { nullable: true, description: 'When it becomes buyable; omitted = now.' }) saleStartsAt?: Date | null,
  ): Promise<ProductPayload> {
    return payload(async () => ({ product: productEntityView(await ctx.use(catalogService).publishProduct(idOf('Product', id), saleStartsAt ?? null)) }), {
      product: null,
    });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ProductPayload, { description: 'Takes a product off sale: it leaves listings and cannot be bought. Operators only.' })
  unpublishProduct(@Arg('id', () => ID, { description: 'The product.' }) id: string, @Ctx() ctx: RequestContext): Promise<ProductPayload> {
    return payload(async () => ({ product: productEntityView(await ctx.use(catalogService).unpublishProduct(idOf('Product', id))) }), { product: null });
  }
}

@Resolver(() => Sku)
export class SkuResolver {
  @FieldResolver(() => Product, { description: 'The product this SKU belongs to.' })
  async product(@Root() sku: Sku, @Ctx() ctx: RequestContext): Promise<Product> {
    return productView((await ctx.use(catalogLoaders).product.load(sku.productDbId))!);
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Units in stock. Operators only (others get FORBIDDEN and null, the rest of the SKU still arrives); storefronts use inStock.',
  })
  stock(@Root() sku: Sku): number {
    return sku.stock;
  }

  @Authorized(Role.OPERATOR)
  @FieldResolver(() => StockMovementConnection, {
    nullable: true,
    complexity: pageCost,
    description: 'The recorded stock changes of this SKU, newest first. Operators only (others get FORBIDDEN and null).',
  })
  async stockMovements(@Root() sku: Sku, @Args() page: PageArgs, @Ctx() ctx: RequestContext) {
    const connection = await new CatalogReads(ctx.em).stockMovements(sku.dbId, page);
    return mapConnection(connection, stockMovementView);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => SkuPayload, { description: 'Adds a SKU to a product. Operators only.' })
  addProductSku(
    @Arg('productId', () => ID, { description: 'The product.' }) productId: string,
    @Arg('input', () => SkuCreateInput, { description: 'The new SKU.' }) input: SkuCreateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SkuPayload> {
    return payload(async () => ({ sku: skuEntityView(await ctx.use(catalogService).addSku(idOf('Product', productId), input, ctx.viewer!.accountId)) }), {
      sku: null,
    });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => SkuPayload, { description: "Changes a SKU's code, specs or prices. Operators only." })
  updateProductSku(
    @Arg('id', () => ID, { description: 'The SKU.' }) id: string,
    @Arg('input', () => SkuUpdateInput, { description: 'The changes.' }) input: SkuUpdateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SkuPayload> {
    return payload(async () => ({ sku: skuEntityView(await ctx.use(catalogService).updateSku(idOf('Sku', id), input)) }), { sku: null });
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => DeleteSkuPayload, { description: 'Deletes a SKU; a published product keeps at least one. Operators only.' })
  deleteProductSku(@Arg('id', () => ID, { description: 'The SKU.' }) id: string, @Ctx() ctx: RequestContext): Promise<DeleteSkuPayload> {
    return payload(
      async () => {
        await ctx.use(catalogService).deleteSku(idOf('Sku', id));
        return { deletedSkuId: id };
      },
      { deletedSkuId: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => AdjustSkuStockPayload, {
    description: 'Adds or removes stock with a reason; stock never goes below zero, whatever runs at the same time. Operators only.',
  })
  adjustSkuStock(
    @Arg('input', () => StockAdjustmentInput, { description: 'The SKU, the change and its reason.' }) input: StockAdjustmentInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AdjustSkuStockPayload> {
    return payload(
      async () => {
        const { movementId } = await ctx.use(catalogService).adjustStock({ ...input, skuId: idOf('Sku', input.skuId) }, ctx.viewer!.accountId);
        const [movement] = await ctx.em
          .getConnection()
          .execute<StockMovementRow[]>('select id, sku_id, delta, stock_after, reason, actor_id, created_at from stock_movement where id = ?', [movementId]);
        const sku = await ctx.use(catalogLoaders).sku.load(movement.sku_id);
        return { stockMovement: stockMovementView(movement), sku: skuView(sku!) };
      },
      { stockMovement: null, sku: null },
    );
  }
}

@Resolver(() => StockMovement)
export class StockMovementResolver {
  @FieldResolver(() => Sku, { description: 'The SKU whose stock changed.' })
  async sku(@Root() movement: StockMovement, @Ctx() ctx: RequestContext): Promise<Sku> {
    return skuView((await ctx.use(catalogLoaders).sku.load(movement.skuDbId))!);
  }
}

@Resolver(() => Category)
export class CategoryResolver {
  @Extensions(PUBLIC_CATALOG_READ)
  @Query(() => [Category], { description: 'Categories under a parent, in order; the top-level ones when parentId is omitted. Walk the tree with `children`.' })
  async categories(
    @Ctx() ctx: RequestContext,
    @Arg('parentId', () => ID, { nullable: true, description: 'The parent category.' }) parentId?: string,
  ): Promise<Category[]> {
    const parent = parentId == null ? null : idOf('Category', parentId);
    if (parentId != null && !parent) return [];
    return (await new CatalogReads(ctx.use(catalogReadEm)).categories(parent)).map(categoryView);
  }

  @Extensions(PUBLIC_CATALOG_READ)
  @Query(() => Category, { nullable: true, description: 'A category by ID or slug (give exactly one).' })
  async category(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "The category's ID." }) id?: string,
    @Arg('slug', () => String, { nullable: true, ...maxChars(MAX_SLUG_LENGTH, "The category's slug.") }) slug?: string,
  ): Promise<Category | null> {
    if ((id == null) === (slug == null)) throw badInput('Give exactly one of id and slug');
    if (id != null) {
      const dbId = idOf('Category', id);
      const row = dbId ? await ctx.use(catalogLoaders).category.load(dbId) : null;
      return row ? categoryView(row) : null;
    }
    const row = await new CatalogReads(ctx.use(catalogReadEm)).categoryBySlug(slug!);
    return row ? categoryView(row) : null;
  }

  @FieldResolver(() => Category, { nullable: true, description: 'The parent category; null for a top-level one.' })
  async parent(@Root() category: Category, @Ctx() ctx: RequestContext): Promise<Category | null> {
    if (!category.parentDbId) return null;
    const row = await ctx.use(catalogLoaders).category.load(category.parentDbId);
    return row ? categoryView(row) : null;
  }

  @FieldResolver(() => [Category], { complexity: listCost(10), description: 'Direct subcategories, in order.' })
  async children(@Root() category: Category, @Ctx() ctx: RequestContext): Promise<Category[]> {
    return (await ctx.use(catalogLoaders).childCategories.load(category.dbId)).map(categoryView);
  }

  @FieldResolver(() => [Category], { complexity: listCost(5), description: "The path from the top-level category down to this one's parent (breadcrumbs)." })
  async ancestors(@Root() category: Category, @Ctx() ctx: RequestContext): Promise<Category[]> {
    const ids = category.path.split('/').filter(Boolean).slice(0, -1);
    const rows = await ctx.use(catalogLoaders).category.loadMany(ids);
    return rows.filter((r): r is CategoryRow => !!r && !(r instanceof Error)).map(categoryView);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => CategoryPayload, { description: 'Creates a category. Operators only.' })
  createCategory(
    @Arg('input', () => CategoryCreateInput, { description: 'The new category.' }) input: CategoryCreateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CategoryPayload> {
    return payload(
      async () => {
        const parentId = input.parentId == null ? null : (idOf('Category', input.parentId) ?? NO_SUCH_ID);
        return { category: categoryEntityView(await ctx.use(catalogService).createCategory({ ...input, parentId })) };
      },
      { category: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => CategoryPayload, { description: 'Renames, re-orders or moves a category (with its subtree). Operators only.' })
  updateCategory(
    @Arg('id', () => ID, { description: 'The category.' }) id: string,
    @Arg('input', () => CategoryUpdateInput, { description: 'The changes.' }) input: CategoryUpdateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CategoryPayload> {
    return payload(
      async () => {
        const parentId = input.parentId === undefined ? undefined : input.parentId === null ? null : (idOf('Category', input.parentId) ?? NO_SUCH_ID);
        return { category: categoryEntityView(await ctx.use(catalogService).updateCategory(idOf('Category', id), { ...input, parentId })) };
      },
      { category: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => DeleteCategoryPayload, { description: 'Deletes an empty category (no subcategories, no products). Operators only.' })
  deleteCategory(@Arg('id', () => ID, { description: 'The category.' }) id: string, @Ctx() ctx: RequestContext): Promise<DeleteCategoryPayload> {
    return payload(
      async () => {
        await ctx.use(catalogService).deleteCategory(idOf('Category', id));
        return { deletedCategoryId: id };
      },
      { deletedCategoryId: null },
    );
  }
}
