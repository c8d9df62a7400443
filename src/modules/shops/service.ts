import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { run } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';
import { productPublications, PRODUCTS } from '../catalog/queries';
import {
  checkShopPrice,
  cleanAvatarUrl,
  cleanIntro,
  cleanShopName,
  cleanShopSlug,
  defaultShopName,
  defaultShopSlug,
  MAX_PER_CALL,
  MAX_SELECTION,
  SHOP_PRICE_APPLIES,
  SHOP_TIME_ZONE,
  ShopErrorCode as E,
  shopPriceApplies,
} from './rules';
import type { RequestContext } from '../../lib/request-context';

export interface ShopEdit {
  slug?: string | null;
  name?: string | null;
  /** An empty string removes the avatar. */
  avatarUrl?: string | null;
  intro?: string | null;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const isUniqueViolation = (err: unknown, constraint: string) =>
  (err instanceof UniqueConstraintViolationException || (err as { code?: string }).code === '23505') &&
  String((err as { constraint?: string }).constraint ?? (err as Error).message).includes(constraint);

/**
 * The member's own shop (微店): opened on first use, edited by its owner only — every method takes
 * the owner's account id and finds the shop from it, so no request can name someone else's shop.
 * Each method is one transaction that locks the shop row, so edits of one shop run one after the other.
 */
export class ShopService {
  constructor(private readonly em: EntityManager) {}

  /** The member's shop id, opening the shop with a default slug and name the first time. */
  async myShopId(ownerId: string): Promise<string> {
    return openShop(this.em, ownerId);
  }

  /** Changes slug, name, avatar or intro; a slug another shop holds is SLUG_TAKEN (the unique constraint decides races). */
  async update(ownerId: string, edit: ShopEdit): Promise<string> {
    const slug = edit.slug == null ? null : cleanShopSlug(edit.slug, ['input', 'slug']);
    const name = edit.name == null ? null : cleanShopName(edit.name, ['input', 'name']);
    const avatarUrl = edit.avatarUrl == null ? undefined : cleanAvatarUrl(edit.avatarUrl, ['input', 'avatarUrl']);
    const intro = edit.intro == null ? null : cleanIntro(edit.intro, ['input', 'intro']);
    try {
      return await this.em.transactional(async (tx) => {
        const shopId = await lockedShop(tx, ownerId);
        await run(
          tx,
          `update shop set slug = coalesce(?, slug), name = coalesce(?, name), avatar_url = case when ? then ? else avatar_url end,
                       intro = coalesce(?, intro), updated_at = now() where id = ?`,
          [slug, name, avatarUrl !== undefined, avatarUrl ?? null, intro, shopId],
        );
        return shopId;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'shop_slug'))
        throw new DomainError(E.SLUG_TAKEN, `Another shop already has the slug "${slug}": choose another`, ['input', 'slug']);
      throw err;
    }
  }

  /** Adds published platform products at the end of the selection; ones already in it keep their place. */
  async addProducts(ownerId: string, productIds: (string | null)[]): Promise<string> {
    const ids = checkIds(productIds);
    return this.em.transactional(async (tx) => {
      const shopId = await lockedShop(tx, ownerId);
      const found = await productPublications(tx, ids);
      ids.forEach((id, i) => {
        const product = found.get(id);
        if (!product || product.publication === 'draft') throw new DomainError(E.PRODUCT_NOT_FOUND, 'No product has this id', ['productIds', String(i)]);
        if (product.publication !== 'published')
          throw new DomainError(E.PRODUCT_NOT_FOUND, `${product.name} is off sale: only published products can join a shop`, ['productIds', String(i)]);
      });
      await run(
        tx,
        `insert into shop_product (shop_id, product_id, position, added_at)
                     select ?, v.product_id::uuid, (select coalesce(max(position), -1) from shop_product where shop_id = ?) + v.ord, now()
                       from (values ${ids.map(() => '(?, ?::int)').join(', ')}) as v(product_id, ord)
                     on conflict do nothing`,
        [shopId, shopId, ...ids.flatMap((id, i) => [id, i + 1])],
      );
      const [{ n }] = await run<{ n: number }>(tx, 'select count(*)::int as n from shop_product where shop_id = ?', [shopId]);
      if (n > MAX_SELECTION) throw new DomainError(E.SELECTION_FULL, `A shop holds at most ${MAX_SELECTION} products; remove some first`, ['productIds']);
      return shopId;
    });
  }

  /** Takes products out of the selection; ones not in it are already out. */
  async removeProducts(ownerId: string, productIds: (string | null)[]): Promise<string> {
    const ids = checkIds(productIds);
    return this.em.transactional(async (tx) => {
      const shopId = await lockedShop(tx, ownerId);
      await run(tx, `delete from shop_product where shop_id = ? and product_id in (${placeholders(ids.length)})`, [shopId, ...ids]);
      return shopId;
    });
  }

  /** The given products move to the front in this order; the rest follow in their current order. */
  async reorderProducts(ownerId: string, productIds: (string | null)[]): Promise<string> {
    const ids = checkIds(productIds);
    return this.em.transactional(async (tx) => {
      const shopId = await lockedShop(tx, ownerId);
      const present = new Set(
        (
          await run<{ product_id: string }>(tx, `select product_id from shop_product where shop_id = ? and product_id in (${placeholders(ids.length)})`, [
            shopId,
            ...ids,
          ])
        ).map((r) => r.product_id),
      );
      ids.forEach((id, i) => {
        if (!present.has(id)) throw new DomainError(E.PRODUCT_NOT_IN_SHOP, 'This product is not in your shop', ['productIds', String(i)]);
      });
      await run(
        tx,
        `with wanted(product_id, ord) as (values ${ids.map(() => '(?::uuid, ?::int)').join(', ')}),
                     ranked as (select sp.product_id, row_number() over (order by w.ord nulls last, sp.position, sp.added_at, sp.product_id) - 1 as position
                                  from shop_product sp left join wanted w on w.product_id = sp.product_id where sp.shop_id = ?)
                     update shop_product sp set position = ranked.position from ranked
                      where sp.shop_id = ? and sp.product_id = ranked.product_id and sp.position <> ranked.position`,
        [...ids.flatMap((id, i) => [id, i]), shopId, shopId],
      );
      return shopId;
    });
  }

  /**
   * Sets (or, with null, clears) the shop price of a product in the selection. The band is checked
   * in the same statement that writes, so a price outside the band as it stands now is never stored.
   */
  async setShopPrice(ownerId: string, productId: string | null, price: Fen | null): Promise<string> {
    return this.em.transactional(async (tx) => {
      const shopId = await lockedShop(tx, ownerId);
      const notInShop = () => new DomainError(E.PRODUCT_NOT_IN_SHOP, 'This product is not in your shop: add it first', ['productId']);
      if (!productId) throw notInShop();
      if (price == null) {
        const cleared = await run(tx, 'update shop_product set shop_price = null where shop_id = ? and product_id = ? returning product_id', [
          shopId,
          productId,
        ]);
        if (cleared.length === 0) throw notInShop();
        return shopId;
      }
      if (price <= 0) checkShopPrice(price, { floor: null, ceiling: null }, '', ['price']);
      const written = await run(
        tx,
        `with v(price) as (values (?::int))
                                     update shop_product sp set shop_price = v.price from ${PRODUCTS} p, v
                                      where p.id = sp.product_id and sp.shop_id = ? and sp.product_id = ? and ${shopPriceApplies('v.price')}
                                      returning sp.product_id`,
        [price, shopId, productId],
      );
      if (written.length > 0) return shopId;
      const [product] = await run<{ name: string; price_floor: Fen | null; price_ceiling: Fen | null }>(
        tx,
        `select p.name, p.price_floor, p.price_ceiling from shop_product sp join ${PRODUCTS} p on p.id = sp.product_id where sp.shop_id = ? and sp.product_id = ?`,
        [shopId, productId],
      );
      if (!product) throw notInShop();
      checkShopPrice(price, { floor: product.price_floor, ceiling: product.price_ceiling }, product.name, ['price']);
      throw new Error('shop price refused by the database but accepted by checkShopPrice');
    });
  }

  /** One more visit today for a storefront's shop page (one row per shop and day, upserted). */
  async recordVisit(slug: string): Promise<void> {
    const counted = await run(
      this.em,
      `insert into shop_visit_day (shop_id, day, visits)
        select s.id, (now() at time zone '${SHOP_TIME_ZONE}')::date, 1 from shop s join ${ACCOUNTS} a on a.id = s.owner_id and a.role = 'member' where s.slug = ?
        on conflict (shop_id, day) do update set visits = shop_visit_day.visits + 1 returning shop_id`,
      [slug.trim()],
    );
    if (counted.length === 0) throw new DomainError(E.SHOP_NOT_FOUND, 'No shop has this slug', ['slug']);
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const shopService = (ctx: RequestContext): ShopService => new ShopService(ctx.em);

function checkIds(productIds: (string | null)[]): string[] {
  if (productIds.length === 0) throw new DomainError(E.INVALID_PRODUCT_LIST, 'Give at least one product', ['productIds']);
  if (productIds.length > MAX_PER_CALL) throw new DomainError(E.TOO_MANY_PRODUCTS, `At most ${MAX_PER_CALL} products at a time`, ['productIds']);
  const seen = new Set<string>();
  return productIds.map((id, i) => {
    if (!id) throw new DomainError(E.PRODUCT_NOT_FOUND, 'No product has this id', ['productIds', String(i)]);
    if (seen.has(id)) throw new DomainError(E.INVALID_PRODUCT_LIST, 'This product is given twice', ['productIds', String(i)]);
    seen.add(id);
    return id;
  });
}

/**
 * The owner's shop, opened on first use. Only members have one: the role is read from the account
 * (not the access token, which may be older than the end of a membership). Two first requests at
 * once both insert with ON CONFLICT DO NOTHING and then read the one row that won.
 */
async function openShop(em: EntityManager, ownerId: string): Promise<string> {
  const [account] = await run<{ role: string; display_name: string; shop_id: string | null }>(
    em,
    `select a.role, a.display_name, s.id as shop_id from ${ACCOUNTS} a left join shop s on s.owner_id = a.id where a.id = ?`,
    [ownerId],
  );
  if (!account || account.role !== 'member') throw new DomainError(E.NOT_A_MEMBER, 'Only members have a shop', null);
  if (account.shop_id) return account.shop_id;
  for (let attempt = 0; attempt < 5; attempt++) {
    await run(em, `insert into shop (id, owner_id, slug, name, intro, created_at, updated_at) values (?, ?, ?, ?, '', now(), now()) on conflict do nothing`, [
      uuidv7(),
      ownerId,
      defaultShopSlug(),
      defaultShopName(account.display_name),
    ]);
    const [shop] = await run<{ id: string }>(em, 'select id from shop where owner_id = ?', [ownerId]);
    if (shop) return shop.id;
    // The random slug was taken: draw another.
  }
  throw new Error('could not open a shop: no free default slug after 5 attempts');
}

/** Opens the shop if needed and locks its row for the rest of the transaction. */
async function lockedShop(tx: EntityManager, ownerId: string): Promise<string> {
  const shopId = await openShop(tx, ownerId);
  await run(tx, 'select id from shop where id = ? for update', [shopId]);
  return shopId;
}

/**
 * The shop prices that apply now to these products in this shop: set, and inside the product's
 * current price-control band. Checkout reads them inside its transaction.
 */
export async function applicableShopPrices(tx: EntityManager, shopId: string, productIds: string[]): Promise<Map<string, Fen>> {
  if (productIds.length === 0) return new Map();
  const rows = await run<{ product_id: string; shop_price: Fen }>(
    tx,
    `select sp.product_id, sp.shop_price from shop_product sp join ${PRODUCTS} p on p.id = sp.product_id
      where sp.shop_id = ? and sp.product_id in (${placeholders(productIds.length)}) and ${SHOP_PRICE_APPLIES}`,
    [shopId, ...productIds],
  );
  return new Map(rows.map((r) => [r.product_id, r.shop_price]));
}
