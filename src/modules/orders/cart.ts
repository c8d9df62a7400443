import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { ProductStatus } from '../catalog/rules';
import { skusForSale } from '../catalog/queries';
import { MAX_LINE_QUANTITY } from './entities';
import { OrderErrorCode as E } from './errors';
import { MAX_ORDER_LINES, saleStatus } from './service';
import type { PriceBreakdown } from '../../lib/pricing/step';
import { priceLines, ORDER_PRICING, type OrderPricing } from './pricing';
import type { RequestContext } from '../../lib/request-context';

/** Who owns a cart: a signed-in customer (their one cart per storefront app) or a guest holding its id. */
export interface CartOwner {
  customerId: string | null;
  storefrontAppId: string;
}

export interface CartLineRow {
  id: string;
  cart_id: string;
  sku_id: string;
  quantity: number;
}

export enum CartWarningCode {
  NOT_BUYABLE = 'NOT_BUYABLE',
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
}

export interface CartWarning {
  lineId: string;
  code: CartWarningCode;
  message: string;
}

export interface CartView {
  id: string;
  lines: CartLineRow[];
  warnings: CartWarning[];
  /** Priced with checkout's steps over the lines that can be bought now, with no promotion loaded. */
  cost: PriceBreakdown;
}

const cartNotFound = () => new DomainError(E.CART_NOT_FOUND, 'No cart of yours has this id', ['cartId']);

/**
 * Carts hold no stock and no prices: they are read fresh each time, and problems with a line
 * (off sale, sold out) come back as warnings with a code instead of failing the whole cart.
 */
export class CartService {
  constructor(
    private readonly em: EntityManager,
    private readonly pricing: OrderPricing,
  ) {}

  /** The cart the caller may use: the given one if it is theirs, else their own (created on demand). */
  async resolve(owner: CartOwner, cartId: string | null | undefined, create: boolean): Promise<string | null> {
    const conn = this.em.getConnection();
    if (cartId) {
      const [row] = await conn.execute<{ customer_id: string | null; storefront_app_id: string }[]>(
        'select customer_id, storefront_app_id from cart where id = ?',
        [cartId],
      );
      // A guest cart is reachable by its id alone; a customer's cart only by that customer.
      if (!row || row.storefront_app_id !== owner.storefrontAppId || (row.customer_id && row.customer_id !== owner.customerId)) throw cartNotFound();
      return cartId;
    }
    if (owner.customerId) {
      const [row] = await conn.execute<{ id: string }[]>('select id from cart where customer_id = ? and storefront_app_id = ?', [
        owner.customerId,
        owner.storefrontAppId,
      ]);
      if (row) return row.id;
    }
    if (!create) return null;
    const [created] = await conn.execute<{ id: string }[]>(
      `insert into cart (id, storefront_app_id, customer_id, created_at, updated_at) values (gen_random_uuid(), ?, ?, now(), now())
       on conflict (customer_id, storefront_app_id) where customer_id is not null do update set updated_at = now() returning id`,
      [owner.storefrontAppId, owner.customerId],
    );
    return created.id;
  }

  /**
   * Adds quantities (a SKU already in the cart gets more). A line that would pass the per-line
   * maximum is refused, not capped: the update is conditional, and the whole call rolls back.
   */
  async addLines(owner: CartOwner, cartId: string | null | undefined, lines: { skuId: string | null; quantity: number }[]): Promise<string> {
    if (lines.length === 0) throw new DomainError(E.EMPTY_ORDER, 'Give at least one line', ['lines']);
    lines.forEach((line, i) => {
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
        throw new DomainError(E.INVALID_QUANTITY, `Quantity must be from 1 to ${MAX_LINE_QUANTITY}`, ['lines', String(i), 'quantity']);
      }
    });
    const skus = await skusForSale(
      this.em,
      lines.filter((l) => l.skuId).map((l) => l.skuId!),
    );
    lines.forEach((line, i) => {
      if (!line.skuId || !skus.has(line.skuId)) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['lines', String(i), 'skuId']);
      if (saleStatus(skus.get(line.skuId)!) === ProductStatus.DRAFT)
        throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['lines', String(i), 'skuId']);
    });
    return this.em.transactional(async (tx) => {
      const id = (await new CartService(tx, this.pricing).resolve(owner, cartId, true))!;
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext<Knex.Transaction>();
      for (const [i, line] of lines.entries()) {
        const written = await conn.execute<{ id: string }[]>(
          `insert into cart_line (id, cart_id, sku_id, quantity, created_at) values (gen_random_uuid(), ?, ?, ?, now())
           on conflict (cart_id, sku_id) do update set quantity = cart_line.quantity + excluded.quantity
           where cart_line.quantity + excluded.quantity <= ${MAX_LINE_QUANTITY} returning id`,
          [id, line.skuId, line.quantity],
          'all',
          ctx,
        );
        if (written.length === 0) {
          throw new DomainError(
            E.INVALID_QUANTITY,
            `A cart line holds at most ${MAX_LINE_QUANTITY}: with what the cart already has of this SKU, that is more`,
            ['lines', String(i), 'quantity'],
          );
        }
      }
      const [{ n }] = await conn.execute<{ n: number }[]>('select count(*)::int as n from cart_line where cart_id = ?', [id], 'all', ctx);
      if (n > MAX_ORDER_LINES) throw new DomainError(E.TOO_MANY_LINES, `A cart holds at most ${MAX_ORDER_LINES} different SKUs`, ['lines']);
      await conn.execute('update cart set updated_at = now() where id = ?', [id], 'run', ctx);
      return id;
    });
  }

  /** Sets a line's quantity; 0 removes it. */
  async setQuantity(owner: CartOwner, cartId: string | null | undefined, lineId: string | null, quantity: number): Promise<string> {
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_LINE_QUANTITY) {
      throw new DomainError(E.INVALID_QUANTITY, `Quantity must be from 0 (remove) to ${MAX_LINE_QUANTITY}`, ['quantity']);
    }
    const id = await this.resolve(owner, cartId, false);
    if (!id) throw cartNotFound();
    const conn = this.em.getConnection();
    const changed =
      quantity === 0
        ? await conn.execute<{ id: string }[]>('delete from cart_line where id = ? and cart_id = ? returning id', [lineId, id])
        : await conn.execute<{ id: string }[]>('update cart_line set quantity = ? where id = ? and cart_id = ? returning id', [quantity, lineId, id]);
    if (!lineId || changed.length === 0) throw new DomainError(E.CART_NOT_FOUND, 'This cart has no line with this id', ['lineId']);
    return id;
  }

  /** Moves a guest cart's lines into the signed-in customer's cart (quantities add up) and deletes the guest cart. */
  async merge(owner: CartOwner, guestCartId: string | null): Promise<string> {
    return this.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext<Knex.Transaction>();
      const [guest] = guestCartId
        ? await conn.execute<{ customer_id: string | null; storefront_app_id: string }[]>(
            'select customer_id, storefront_app_id from cart where id = ? for update',
            [guestCartId],
            'all',
            ctx,
          )
        : [];
      if (!guest || guest.customer_id || guest.storefront_app_id !== owner.storefrontAppId)
        throw new DomainError(E.CART_NOT_FOUND, 'No guest cart has this id', ['guestCartId']);
      const id = (await new CartService(tx, this.pricing).resolve(owner, null, true))!;
      await conn.execute(
        `insert into cart_line (id, cart_id, sku_id, quantity, created_at)
         select gen_random_uuid(), ?, sku_id, quantity, now() from cart_line where cart_id = ?
         on conflict (cart_id, sku_id) do update set quantity = least(cart_line.quantity + excluded.quantity, ${MAX_LINE_QUANTITY})`,
        [id, guestCartId],
        'run',
        ctx,
      );
      await conn.execute('delete from cart where id = ?', [guestCartId], 'run', ctx);
      return id;
    });
  }

  async lines(cartId: string): Promise<CartLineRow[]> {
    return this.em
      .getConnection()
      .execute<CartLineRow[]>('select id, cart_id, sku_id, quantity from cart_line where cart_id = ? order by created_at, id', [cartId]);
  }

  /** The cart with a warning per problem line and the estimate over the buyable lines. */
  async view(cartId: string, isMember: boolean): Promise<CartView> {
    const lines = await this.lines(cartId);
    const skus = await skusForSale(
      this.em,
      lines.map((l) => l.sku_id),
    );
    const warnings: CartWarning[] = [];
    const buyable: { skuId: string; quantity: number }[] = [];
    for (const line of lines) {
      const sku = skus.get(line.sku_id)!;
      const status = saleStatus(sku);
      if (status !== ProductStatus.ON_SALE) {
        warnings.push({
          lineId: line.id,
          code: CartWarningCode.NOT_BUYABLE,
          message: `${sku.product_name} is ${status === ProductStatus.PREVIEW ? 'not on sale yet' : 'off sale'}`,
        });
      } else if (sku.stock === 0) {
        warnings.push({ lineId: line.id, code: CartWarningCode.OUT_OF_STOCK, message: `${sku.product_name} (${sku.code}) is sold out` });
      } else if (sku.stock < line.quantity) {
        warnings.push({ lineId: line.id, code: CartWarningCode.INSUFFICIENT_STOCK, message: `Only ${sku.stock} of ${sku.product_name} (${sku.code}) left` });
      } else {
        buyable.push({ skuId: line.sku_id, quantity: line.quantity });
      }
    }
    return { id: cartId, lines, warnings, cost: await priceLines(this.em, this.pricing.price, buyable, skus, isMember) };
  }
}

/** A guest cart untouched (no line added, not merged) for this many days is deleted by the orders' sweep. */
export const GUEST_CART_DAYS = 30;
/** How many stale guest carts one sweep deletes at most: the next sweep, a minute later, takes the rest. */
const GUEST_CARTS_PER_SWEEP = 1000;

/** Deletes guest carts (and, by cascade, their lines) untouched for GUEST_CART_DAYS, a bounded batch per call, by the index on updated_at. */
export async function expireGuestCarts(em: EntityManager): Promise<number> {
  const gone = await em.getConnection().execute<{ id: string }[]>(
    `delete from cart where id in (select id from cart where updated_at < now() - make_interval(days => ?) and customer_id is null
                                    order by updated_at limit ${GUEST_CARTS_PER_SWEEP}) returning id`,
    [GUEST_CART_DAYS],
  );
  return gone.length;
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const cartService = (ctx: RequestContext): CartService => new CartService(ctx.em, ctx.need(ORDER_PRICING));
