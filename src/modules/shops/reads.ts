import DataLoader from 'dataloader';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Fen } from '../../lib/money';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, firstRow, rows } from '../../lib/sql';
import { ACCOUNTS } from '../accounts/queries';
import { PRODUCT_COLUMNS, PRODUCTS, WITH_RELATIONS, whereProductMatches } from '../catalog/queries';
import type { ProductWithRelations, Timestamp } from '../catalog/reads';
import { SHOP_PRICE_APPLIES } from './rules';
import type { RequestContext } from '../../lib/request-context';

/** Shops' read path: plain rows, a page of a shop's products in one statement like the catalog's. */
export interface ShopRow {
  id: string;
  owner_id: string;
  slug: string;
  name: string;
  avatar_url: string | null;
  intro: string;
  created_at: Timestamp;
  /** Storefronts see a shop only while its owner is a member. */
  open: boolean;
}

export interface ShopProductRow extends ProductWithRelations {
  shop_id: string;
  shop_position: number;
  shop_price: Fen | null;
  shop_price_applies: boolean;
  added_at: Timestamp;
}

export enum ShopPriceStatus {
  NONE = 'NONE',
  APPLIED = 'APPLIED',
  OUT_OF_BAND = 'OUT_OF_BAND',
}

export interface ShopProductFilter {
  productId?: string | null;
  categoryId?: string | null;
  query?: string | null;
  inStock?: boolean | null;
  /** Owner only. */
  shopPriceStatus?: ShopPriceStatus | null;
}

const SHOP_COLUMNS = ['s.id', 's.owner_id', 's.slug', 's.name', 's.avatar_url', 's.intro', 's.created_at'];

export class ShopReads {
  constructor(private readonly em: EntityManager) {}

  private get knex(): Knex {
    return this.em.getKnex();
  }

  private shops() {
    return this.knex('shop as s')
      .join(this.knex.raw(`${ACCOUNTS} as a`), 'a.id', 's.owner_id')
      .select([...SHOP_COLUMNS, this.knex.raw(`a.role = 'member' as open`)]);
  }

  /** A storefront's shop page: only while the owner is a member. */
  async openShopBySlug(slug: string): Promise<ShopRow | null> {
    return firstRow<ShopRow>(this.em, this.shops().where('s.slug', slug).where('a.role', 'member'));
  }

  async shop(id: string): Promise<ShopRow | null> {
    return firstRow<ShopRow>(this.em, this.shops().where('s.id', id));
  }

  /**
   * A page of a shop's selection in the owner's order, each product with its SKUs, images and
   * category (one statement). Storefronts (`publishedOnly`) see published products only; the owner
   * sees everything they added, off-sale products included, and may filter by shop price status.
   */
  products(shopId: string, args: PageArgs, filter: ShopProductFilter, publishedOnly: boolean) {
    const knex = this.knex;
    const build = () => {
      const q = knex('shop_product as sp')
        .join(knex.raw(`${PRODUCTS} as p`), 'p.id', 'sp.product_id')
        .where('sp.shop_id', shopId);
      if (publishedOnly) q.where('p.publication', 'published');
      if (filter.productId) q.where('sp.product_id', filter.productId);
      whereProductMatches(knex, q, filter);
      if (filter.shopPriceStatus === ShopPriceStatus.NONE) q.whereNull('sp.shop_price');
      if (filter.shopPriceStatus === ShopPriceStatus.APPLIED) q.whereRaw(SHOP_PRICE_APPLIES);
      if (filter.shopPriceStatus === ShopPriceStatus.OUT_OF_BAND) q.whereNotNull('sp.shop_price').whereRaw(`not ${SHOP_PRICE_APPLIES}`);
      return q;
    };
    const page = build().select([
      ...PRODUCT_COLUMNS,
      ...WITH_RELATIONS.map((sql) => knex.raw(sql)),
      'sp.shop_id',
      'sp.position as shop_position',
      'sp.shop_price',
      'sp.added_at',
      knex.raw(`${SHOP_PRICE_APPLIES} as shop_price_applies`),
    ]);
    return keysetPage<ShopProductRow>(
      this.em,
      page,
      args,
      [
        { sql: 'sp.position', direction: 'asc', value: (r) => r.shop_position },
        { sql: 'sp.product_id', direction: 'asc', value: (r) => r.id },
      ],
      () => count(this.em, build()),
    );
  }
}

/** Shops by id, batched per request (order attributions name their shop). */
export class ShopLoaders {
  constructor(private readonly em: EntityManager) {}

  readonly shop = new DataLoader<string, ShopRow | null>(async (ids) => {
    const knex = this.em.getKnex();
    const found = await rows<ShopRow>(
      this.em,
      knex('shop as s')
        .join(knex.raw(`${ACCOUNTS} as a`), 'a.id', 's.owner_id')
        .select([...SHOP_COLUMNS, knex.raw(`a.role = 'member' as open`)])
        .whereIn('s.id', ids as string[]),
    );
    const byId = new Map(found.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** One set per request (`ctx.use`): a DataLoader's cache must not outlive the request. */
export const shopLoaders = (ctx: RequestContext): ShopLoaders => new ShopLoaders(ctx.em);
