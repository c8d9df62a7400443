import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { uuidv7 } from '../../lib/ids';
import { announceCatalogChange } from '../../lib/public-reads';
import type { Fen } from '../../lib/money';
import { Category, Product, ProductImage, Publication, Sku, StockMovement, type SpecValue } from './entities';
import {
  CatalogErrorCode as E,
  MAX_REASON_LENGTH,
  MAX_SKUS_PER_PRODUCT,
  MAX_STOCK,
  checkInitialStock,
  checkPriceBand,
  checkPrices,
  cleanDescription,
  cleanImages,
  cleanName,
  cleanSkuCode,
  cleanSlug,
  cleanSpecs,
  cleanTags,
  slugFromName,
  type ImageInput,
} from './rules';
import type { RequestContext } from '../../lib/request-context';

export interface SkuInput {
  code: string;
  specs: SpecValue[];
  price: Fen;
  memberPrice?: Fen | null;
  stock?: number | null;
  position?: number | null;
}

export interface PriceBandInput {
  floor?: Fen | null;
  ceiling?: Fen | null;
}

export interface ProductInput {
  name?: string | null;
  slug?: string | null;
  description?: string | null;
  categoryId?: string | null;
  tags?: string[] | null;
  images?: ImageInput[] | null;
  priceControl?: PriceBandInput | null;
}

export interface CategoryInput {
  name?: string | null;
  slug?: string | null;
  /** undefined: keep; null: make it a root. */
  parentId?: string | null;
  position?: number | null;
}

const notFound = (code: E, what: string, field: string[]) => new DomainError(code, `No ${what} has this id`, field);

/** The catalog's writes. Every method runs in one transaction; reads live in reads.ts. */
export class CatalogService {
  constructor(private readonly em: EntityManager) {}

  // ── categories ────────────────────────────────────────────────────────────

  async createCategory(input: CategoryInput & { name: string; slug: string }): Promise<Category> {
    return this.write(async (tx) => {
      const parent = input.parentId === undefined || input.parentId === null ? null : await this.category(tx, input.parentId, ['input', 'parentId']);
      const category = tx.create(Category, {
        name: cleanName(input.name, ['input', 'name']),
        slug: cleanSlug(input.slug, ['input', 'slug']),
        parent,
        position: input.position ?? 0,
        path: '',
      } as never);
      category.path = `${parent?.path ?? '/'}${category.id}/`;
      return category;
    });
  }

  /** Moving a category re-roots its whole subtree's paths in one statement. */
  async updateCategory(id: string | null, input: CategoryInput): Promise<Category> {
    return this.write(async (tx) => {
      const category = await this.category(tx, id, ['id']);
      if (input.name != null) category.name = cleanName(input.name, ['input', 'name']);
      if (input.slug != null) category.slug = cleanSlug(input.slug, ['input', 'slug']);
      if (input.position != null) category.position = input.position;
      if (input.parentId !== undefined) {
        const parent = input.parentId === null ? null : await this.category(tx, input.parentId, ['input', 'parentId']);
        if (parent && parent.path.startsWith(category.path)) {
          throw new DomainError(E.CATEGORY_CYCLE, 'A category cannot move under itself or one of its descendants', ['input', 'parentId']);
        }
        const oldPath = category.path;
        const newPath = `${parent?.path ?? '/'}${category.id}/`;
        category.parent = parent;
        if (newPath !== oldPath) {
          await tx.flush();
          await tx
            .getConnection()
            .execute(
              'update category set path = ? || substr(path, ?) where path like ?',
              [newPath, oldPath.length + 1, `${oldPath}%`],
              'run',
              tx.getTransactionContext(),
            );
          await tx.refresh(category);
        }
      }
      return category;
    });
  }

  async deleteCategory(id: string | null): Promise<string> {
    return this.write(async (tx) => {
      const category = await this.category(tx, id, ['id']);
      const children = await tx.count(Category, { parent: category });
      const products = await tx.count(Product, { category });
      if (children > 0 || products > 0) {
        throw new DomainError(E.CATEGORY_NOT_EMPTY, `The category still has ${children} subcategories and ${products} products: move them first`, ['id']);
      }
      tx.remove(category);
      return category.id;
    });
  }

  // ── products ──────────────────────────────────────────────────────────────

  async createProduct(input: ProductInput & { name: string; categoryId: string | null; skus: SkuInput[] }, actorId: string): Promise<Product> {
    return this.write(async (tx) => {
      const name = cleanName(input.name, ['input', 'name']);
      const category = await this.category(tx, input.categoryId, ['input', 'categoryId']);
      if (input.skus.length === 0) throw new DomainError(E.NO_SKUS, 'A product needs at least one SKU', ['input', 'skus']);
      if (input.skus.length > MAX_SKUS_PER_PRODUCT)
        throw new DomainError(E.INVALID_SPECS, `At most ${MAX_SKUS_PER_PRODUCT} SKUs per product`, ['input', 'skus']);
      const floor = input.priceControl?.floor ?? null;
      const ceiling = input.priceControl?.ceiling ?? null;
      checkPriceBand(floor, ceiling, ['input', 'priceControl']);
      const product = tx.create(Product, {
        name,
        slug: input.slug != null ? cleanSlug(input.slug, ['input', 'slug']) : slugFromName(name),
        description: cleanDescription(input.description ?? '', ['input', 'description']),
        category,
        tags: cleanTags(input.tags ?? [], ['input', 'tags']),
        priceFloor: floor,
        priceCeiling: ceiling,
      } as never);
      this.replaceImages(tx, product, input.images ?? []);
      input.skus.forEach((sku, i) => this.newSku(tx, product, { ...sku, position: sku.position ?? i }, ['input', 'skus', String(i)], actorId));
      await tx.flush();
      await this.refreshPrices(tx, product);
      return product;
    });
  }

  async updateProduct(id: string | null, input: ProductInput): Promise<Product> {
    return this.write(async (tx) => {
      const product = await this.product(tx, id);
      if (input.name != null) product.name = cleanName(input.name, ['input', 'name']);
      if (input.slug != null) product.slug = cleanSlug(input.slug, ['input', 'slug']);
      if (input.description != null) product.description = cleanDescription(input.description, ['input', 'description']);
      if (input.categoryId !== undefined) product.category = await this.category(tx, input.categoryId, ['input', 'categoryId']);
      if (input.tags != null) product.tags = cleanTags(input.tags, ['input', 'tags']);
      if (input.images != null) {
        await tx.nativeDelete(ProductImage, { product });
        this.replaceImages(tx, product, input.images);
      }
      if (input.priceControl !== undefined) {
        const floor = input.priceControl?.floor ?? null;
        const ceiling = input.priceControl?.ceiling ?? null;
        checkPriceBand(floor, ceiling, ['input', 'priceControl']);
        product.priceFloor = floor;
        product.priceCeiling = ceiling;
      }
      return product;
    });
  }

  /** On sale now, or a preview (商品预告) until `saleStartsAt` when that is in the future. */
  async publishProduct(id: string | null, saleStartsAt: Date | null): Promise<Product> {
    return this.write(async (tx) => {
      const product = await this.product(tx, id);
      if ((await tx.count(Sku, { product })) === 0) throw new DomainError(E.NO_SKUS, 'Add a SKU before publishing', ['id']);
      product.publication = Publication.PUBLISHED;
      product.saleStartsAt = saleStartsAt;
      return product;
    });
  }

  async unpublishProduct(id: string | null): Promise<Product> {
    return this.write(async (tx) => {
      const product = await this.product(tx, id);
      product.publication = Publication.UNPUBLISHED;
      return product;
    });
  }

  // ── SKUs and stock ────────────────────────────────────────────────────────

  async addSku(productId: string | null, input: SkuInput, actorId: string): Promise<Sku> {
    return this.write(async (tx) => {
      const product = await this.product(tx, productId, ['productId']);
      const existing = await tx.count(Sku, { product });
      if (existing >= MAX_SKUS_PER_PRODUCT) {
        throw new DomainError(E.INVALID_SPECS, `At most ${MAX_SKUS_PER_PRODUCT} SKUs per product`, ['productId']);
      }
      const sku = this.newSku(tx, product, { ...input, position: input.position ?? existing }, ['input'], actorId);
      await tx.flush();
      await this.refreshPrices(tx, product);
      return sku;
    });
  }

  async updateSku(
    id: string | null,
    input: { code?: string | null; specs?: SpecValue[] | null; price?: Fen | null; memberPrice?: Fen | null; position?: number | null },
  ): Promise<Sku> {
    return this.write(async (tx) => {
      const sku = await this.sku(tx, id);
      if (input.code != null) sku.code = cleanSkuCode(input.code, ['input', 'code']);
      if (input.specs != null) sku.specs = cleanSpecs(input.specs, ['input', 'specs']);
      if (input.price != null) sku.price = input.price;
      if (input.memberPrice !== undefined) sku.memberPrice = input.memberPrice;
      if (input.position != null) sku.position = input.position;
      checkPrices(sku.price, sku.memberPrice, ['input']);
      await tx.flush();
      await this.refreshPrices(tx, sku.product);
      return sku;
    });
  }

  async deleteSku(id: string | null): Promise<string> {
    return this.write(async (tx) => {
      const sku = await this.sku(tx, id);
      const product = sku.product;
      await tx.populate(sku, ['product']);
      if (product.publication !== Publication.DRAFT && (await tx.count(Sku, { product })) === 1) {
        throw new DomainError(E.LAST_SKU, 'A published product must keep at least one SKU: unpublish it first', ['id']);
      }
      tx.remove(sku);
      await tx.flush();
      await this.refreshPrices(tx, product);
      return sku.id;
    });
  }

  /**
   * Adds (delta > 0) or removes (delta < 0) stock with one conditional update: the row changes only
   * if the result stays ≥ 0, so parallel adjustments can never drive stock negative. Every change
   * is recorded in stock_movement with its reason.
   */
  async adjustStock(
    input: { skuId: string | null; delta: number; reason: string; idempotencyKey?: string | null },
    actorId: string,
  ): Promise<{ movementId: string }> {
    const reason = input.reason.trim();
    if (!Number.isInteger(input.delta) || input.delta === 0 || Math.abs(input.delta) > MAX_STOCK) {
      throw new DomainError(E.INVALID_QUANTITY, `delta must be a non-zero whole number between -${MAX_STOCK} and ${MAX_STOCK}`, ['input', 'delta']);
    }
    if (reason.length < 2 || reason.length > MAX_REASON_LENGTH)
      throw new DomainError(E.INVALID_REASON, `Give a reason of 2 to ${MAX_REASON_LENGTH} characters`, ['input', 'reason']);
    return this.mapConstraint(() =>
      idempotent(this.em, { operation: 'adjustSkuStock', callerId: actorId, key: input.idempotencyKey, input: { ...input, reason } }, async (tx) => {
        if (!input.skuId) throw notFound(E.SKU_NOT_FOUND, 'SKU', ['input', 'skuId']);
        const ctx = tx.getTransactionContext<Knex.Transaction>();
        const conn = tx.getConnection();
        const updated = await conn.execute<{ stock: number }[]>(
          'update sku set stock = stock + ?, updated_at = now() where id = ? and stock + ? >= 0 returning stock',
          [input.delta, input.skuId, input.delta],
          'all',
          ctx,
        );
        if (updated.length === 0) {
          const [row] = await conn.execute<{ code: string; stock: number }[]>('select code, stock from sku where id = ?', [input.skuId], 'all', ctx);
          if (!row) throw notFound(E.SKU_NOT_FOUND, 'SKU', ['input', 'skuId']);
          throw new DomainError(E.INSUFFICIENT_STOCK, `SKU ${row.code} has ${row.stock} in stock; cannot remove ${-input.delta}`, ['input', 'delta']);
        }
        const movement = tx.create(StockMovement, {
          sku: tx.getReference(Sku, input.skuId),
          delta: input.delta,
          stockAfter: updated[0].stock,
          reason,
          actorId,
        } as never);
        await tx.flush();
        return { movementId: movement.id };
      }),
    );
  }

  /**
   * Takes stock for an order inside the caller's transaction: one conditional update per SKU
   * (in id order, so concurrent checkouts lock rows in the same order and cannot deadlock).
   * A SKU without enough stock throws INSUFFICIENT_STOCK naming it and what is left; the caller's
   * transaction then rolls back everything it took.
   */
  async takeStock(tx: EntityManager, lines: { skuId: string; quantity: number }[], reason: string): Promise<void> {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext<Knex.Transaction>();
    for (const line of [...lines].sort((a, b) => a.skuId.localeCompare(b.skuId))) {
      const updated = await conn.execute<{ stock: number }[]>(
        'update sku set stock = stock - ?, updated_at = now() where id = ? and stock >= ? returning stock',
        [line.quantity, line.skuId, line.quantity],
        'all',
        ctx,
      );
      if (updated.length === 0) {
        const [row] = await conn.execute<{ code: string; stock: number }[]>('select code, stock from sku where id = ?', [line.skuId], 'all', ctx);
        throw new DomainError(E.INSUFFICIENT_STOCK, `SKU ${row?.code ?? line.skuId} has ${row?.stock ?? 0} left; ${line.quantity} asked for`, [
          'input',
          'lines',
        ]);
      }
      await conn.execute(
        'insert into stock_movement (id, sku_id, delta, stock_after, reason, created_at) values (?, ?, ?, ?, ?, now())',
        [uuidv7(), line.skuId, -line.quantity, updated[0].stock, reason],
        'run',
        ctx,
      );
    }
  }

  /** Gives stock back (a cancelled order), recording each movement; inside the caller's transaction. */
  async returnStock(tx: EntityManager, lines: { skuId: string; quantity: number }[], reason: string): Promise<void> {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext<Knex.Transaction>();
    for (const line of [...lines].sort((a, b) => a.skuId.localeCompare(b.skuId))) {
      await conn.execute(
        `with s as (update sku set stock = stock + ?, updated_at = now() where id = ? returning id, stock)
         insert into stock_movement (id, sku_id, delta, stock_after, reason, created_at) select ?, s.id, ?, s.stock, ?, now() from s`,
        [line.quantity, line.skuId, uuidv7(), line.quantity, reason],
        'run',
        ctx,
      );
    }
  }

  // ── helpers ───────────────────────────────────────────────────────────────

  private newSku(tx: EntityManager, product: Product, input: SkuInput, field: string[], actorId: string): Sku {
    const stock = input.stock ?? 0;
    checkPrices(input.price, input.memberPrice ?? null, field);
    checkInitialStock(stock, [...field, 'stock']);
    const sku = tx.create(Sku, {
      product,
      code: cleanSkuCode(input.code, [...field, 'code']),
      specs: cleanSpecs(input.specs, [...field, 'specs']),
      price: input.price,
      memberPrice: input.memberPrice ?? null,
      stock,
      position: input.position ?? 0,
    } as never);
    if (stock > 0) tx.create(StockMovement, { sku, delta: stock, stockAfter: stock, reason: 'initial stock', actorId } as never);
    return sku;
  }

  private replaceImages(tx: EntityManager, product: Product, images: ImageInput[]): void {
    cleanImages(images, ['input', 'images']).forEach((image, position) => tx.create(ProductImage, { product, ...image, position } as never));
  }

  /** Keeps the product's price range in step with its SKUs, inside the same transaction. */
  private async refreshPrices(tx: EntityManager, product: Product): Promise<void> {
    await tx.getConnection().execute(
      `update product p set min_price = coalesce(s.min, 0), max_price = coalesce(s.max, 0)
         from (select min(price) as min, max(price) as max from sku where product_id = ?) s
        where p.id = ?`,
      [product.id, product.id],
      'run',
      tx.getTransactionContext(),
    );
    await tx.refresh(product);
  }

  private async category(tx: EntityManager, id: string | null | undefined, field: string[]): Promise<Category> {
    const category = id ? await tx.findOne(Category, id) : null;
    if (!category) throw notFound(E.CATEGORY_NOT_FOUND, 'category', field);
    return category;
  }

  private async product(tx: EntityManager, id: string | null, field = ['id']): Promise<Product> {
    const product = id ? await tx.findOne(Product, id) : null;
    if (!product) throw notFound(E.PRODUCT_NOT_FOUND, 'product', field);
    return product;
  }

  private async sku(tx: EntityManager, id: string | null): Promise<Sku> {
    const sku = id ? await tx.findOne(Sku, id) : null;
    if (!sku) throw notFound(E.SKU_NOT_FOUND, 'SKU', ['id']);
    return sku;
  }

  /**
   * A transaction whose unique-constraint violations become the matching business errors; it announces
   * the change to every API process's response cache on commit.
   */
  private write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.mapConstraint(() =>
      this.em.transactional(async (tx) => {
        const result = await work(tx);
        await tx.flush();
        await announceCatalogChange(tx);
        return result;
      }),
    );
  }

  private async mapConstraint<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        const message = String(err.message);
        if (message.includes('sku_code')) throw new DomainError(E.SKU_CODE_TAKEN, 'Another SKU already has this code', ['input', 'code']);
        if (message.includes('slug')) throw new DomainError(E.SLUG_TAKEN, 'Another item already has this slug', ['input', 'slug']);
      }
      throw err;
    }
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const catalogService = (ctx: RequestContext): CatalogService => new CatalogService(ctx.em);
