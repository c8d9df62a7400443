import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { uuidv7 } from '../../lib/ids';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { one, q, run, runStatement, sql } from '../../lib/sql';
import { refusal, setStatus, sqlStates, whereAllowed } from '../../lib/state-machine';
import { existingAccountIds } from '../accounts/queries';
import { returnStockPart, SKUS, skusForSale, takeStockPart } from '../catalog/queries';
import { Publication } from '../catalog/entities';
import { ContentAuthors } from '../content/authors';
import { StorefrontApp } from '../storefronts/entities';
import { LiveEventType as T, LiveItemStatus as I, LiveSessionStatus as S } from './entities';
import { liveGate } from './gate';
import { LiveErrorCode as E } from './errors';
import { appendEvents, type NewEvent } from './events';
import { FINAL, ITEM, ON_AIR, OPEN_STATES, SESSION, type ItemTransition, type SessionTransition } from './lifecycle';
import { publishLiveSessionWebhook } from './webhooks';
import {
  checkApps,
  checkLimit,
  checkPosition,
  checkPrice,
  checkQuota,
  checkQuotaChange,
  checkSchedule,
  cleanTitle,
  cleanUrl,
  MAX_LINEUP,
  MAX_QUOTA,
} from './rules';

/** Who runs a session: its host (their own sessions only) or an operator (any). */
export interface LiveActor {
  accountId: string;
  isOperator: boolean;
  /** The storefront app the request came through; null for an operator console. */
  storefrontAppId: string | null;
}

export interface SessionInput {
  hostId?: string | null;
  title: string;
  coverUrl?: string | null;
  scheduledStartAt: Date;
  streamUrl?: string | null;
  storefrontAppIds?: (string | null)[] | null;
}

export interface SessionChanges {
  paymentWindowMinutes?: number | null;
  title?: string | null;
  coverUrl?: string | null;
  scheduledStartAt?: Date | null;
  streamUrl?: string | null;
  replayUrl?: string | null;
  storefrontAppIds?: (string | null)[] | null;
}

export interface ItemInput {
  skuId: string | null;
  livePrice: number;
  quota: number;
  perCustomerLimit?: number | null;
  position?: number | null;
  idempotencyKey?: string | null;
}

export interface ItemChanges {
  livePrice?: number | null;
  perCustomerLimit?: number | null;
  clearPerCustomerLimit?: boolean | null;
  position?: number | null;
  onSale?: boolean | null;
}

interface LockedSession {
  id: string;
  status: S;
  host_id: string;
  pinned_item_id: string | null;
}

interface ItemRow {
  id: string;
  session_id: string;
  sku_id: string;
  live_price: number;
  quota_left: number;
  sold: number;
  per_customer_limit: number | null;
  position: number;
  status: I;
}

const ITEM_COLUMNS = 'i.id, i.session_id, i.sku_id, i.live_price, i.quota_left, i.sold, i.per_customer_limit, i.position, i.status';

/** The item as ITEM_ADDED and ITEM_CHANGED tell it. */
function itemData(item: ItemRow) {
  return {
    itemId: item.id,
    skuId: item.sku_id,
    livePrice: Number(item.live_price),
    stockLeft: item.quota_left,
    sold: item.sold,
    position: item.position,
    onSale: item.status === I.ON_SALE,
    perCustomerLimit: item.per_customer_limit,
  };
}

/**
 * Live sessions and their lineups. Every change of a session takes its row first (FOR NO KEY UPDATE:
 * the changes of one session run one at a time, and a session that ends does so after, or before,
 * a lineup change, never in the middle of one), changes what it changes with conditional updates,
 * and appends its events in the same transaction (events.ts). Stock moves between a SKU and an
 * item's quota in ONE statement composed of the catalog's part (a conditional update of the SKU)
 * and the item's, so SKU stock + quotas left + sold is conserved whatever runs at the same time.
 */
export class LiveService {
  constructor(private readonly em: EntityManager) {}

  /** Who may host: a member (店主), or an account an operator made a content author (a KOL). */
  private async mayHost(tx: EntityManager, accountId: string): Promise<boolean> {
    if ((await existingAccountIds(tx, [accountId], [Role.MEMBER])).has(accountId)) return true;
    return (await new ContentAuthors(tx).find(accountId)) !== null;
  }

  private async checkAppsExist(tx: EntityManager, actor: LiveActor, ids: (string | null)[], field: string[]): Promise<string[]> {
    const apps = checkApps(ids, field);
    if (!actor.isOperator && (apps.length !== 1 || apps[0] !== actor.storefrontAppId))
      throw new DomainError(E.APP_NOT_ALLOWED, 'A host shows a session only on the storefront app they call through', field);
    if ((await tx.count(StorefrontApp, { id: { $in: apps } })) !== apps.length)
      throw new DomainError(E.INVALID_APPS, 'Some of these storefront apps do not exist', field);
    return apps;
  }

  async createSession(actor: LiveActor, input: SessionInput): Promise<string> {
    const hostId = input.hostId === undefined || input.hostId === null ? (actor.isOperator ? null : actor.accountId) : input.hostId;
    const title = cleanTitle(input.title, ['input', 'title']);
    const coverUrl = cleanUrl(input.coverUrl ?? null, ['input', 'coverUrl']);
    const streamUrl = cleanUrl(input.streamUrl ?? null, ['input', 'streamUrl']);
    const startAt = checkSchedule(input.scheduledStartAt, new Date(), ['input', 'scheduledStartAt']);
    if (!hostId)
      throw new DomainError(E.HOST_NOT_ALLOWED, 'Name the host: an operator creates a session for a member or a content author', ['input', 'hostId']);
    if (!actor.isOperator && hostId !== actor.accountId)
      throw new DomainError(E.HOST_NOT_ALLOWED, 'You may only create sessions you host yourself', ['input', 'hostId']);
    const appIds = input.storefrontAppIds ?? (actor.storefrontAppId ? [actor.storefrontAppId] : []);
    return this.em.transactional(async (tx) => {
      const apps = await this.checkAppsExist(tx, actor, appIds, ['input', 'storefrontAppIds']);
      if (!(await this.mayHost(tx, hostId)))
        throw new DomainError(E.HOST_NOT_ALLOWED, 'Only members and content authors host live sessions', ['input', 'hostId']);
      const id = uuidv7();
      await run(
        tx,
        `with created as (
           insert into live_session (id, host_id, title, cover_url, scheduled_start_at, stream_url, status, viewers, peak_viewers, created_by_id, created_at)
           values (?, ?, ?, ?, ?, ?, 'scheduled', 0, 0, ?, now()) returning id
         ), counter as (
           insert into live_event_counter (session_id, last_seq) select id, 0 from created returning 1
         )
         insert into live_session_app (session_id, app_id) select created.id, a from created, unnest(?::uuid[]) a`,
        [id, hostId, title, coverUrl, startAt, streamUrl, actor.accountId, `{${apps.join(',')}}`],
      );
      return id;
    });
  }

  /**
   * Takes the session's row for the rest of the transaction, when the actor may run it: an operator
   * any, a host their own. SESSION_NOT_FOUND otherwise (a host learns nothing of others' sessions).
   */
  private async lockSession(tx: EntityManager, actor: LiveActor, sessionId: string | null, field: string[]): Promise<LockedSession> {
    const row = sessionId
      ? await one<LockedSession>(
          tx,
          `select s.id, s.status, s.host_id, s.pinned_item_id from live_session s where s.id = ?${actor.isOperator ? '' : ' and s.host_id = ?'} for no key update`,
          actor.isOperator ? [sessionId] : [sessionId, actor.accountId],
        )
      : null;
    if (!row) throw new DomainError(E.SESSION_NOT_FOUND, 'No live session of yours has this id', field);
    return row;
  }

  private static requireOpen(session: LockedSession): void {
    if (!OPEN_STATES.includes(session.status))
      throw new DomainError(E.SESSION_CLOSED, `The session is ${session.status.toUpperCase()}: its lineup and details no longer change`, ['id']);
  }

  async updateSession(actor: LiveActor, sessionId: string | null, changes: SessionChanges): Promise<void> {
    if (Object.values(changes).every((v) => v === undefined || v === null))
      throw new DomainError(E.NOTHING_TO_CHANGE, 'Give at least one field to change', ['input']);
    const set: Record<string, unknown> = {};
    if (changes.title != null) set.title = cleanTitle(changes.title, ['input', 'title']);
    if (changes.coverUrl != null) set.cover_url = cleanUrl(changes.coverUrl, ['input', 'coverUrl']);
    if (changes.streamUrl != null) set.stream_url = cleanUrl(changes.streamUrl, ['input', 'streamUrl']);
    if (changes.replayUrl != null) set.replay_url = cleanUrl(changes.replayUrl, ['input', 'replayUrl']);
    if (changes.paymentWindowMinutes != null) {
      if (!Number.isInteger(changes.paymentWindowMinutes) || changes.paymentWindowMinutes < 1 || changes.paymentWindowMinutes > 120)
        throw new DomainError(E.INVALID_PAYMENT_WINDOW, 'Give the time to pay in whole minutes, 1 to 120', ['input', 'paymentWindowMinutes']);
      set.payment_window_minutes = changes.paymentWindowMinutes;
    }
    if (changes.scheduledStartAt != null) set.scheduled_start_at = checkSchedule(changes.scheduledStartAt, new Date(), ['input', 'scheduledStartAt']);
    await this.em.transactional(async (tx) => {
      const session = await this.lockSession(tx, actor, sessionId, ['id']);
      const onlyReplay = Object.keys(set).every((k) => k === 'replay_url') && changes.storefrontAppIds == null;
      // An ended session keeps its details; only its recording can still be given.
      if (!(onlyReplay && session.status === S.ENDED)) LiveService.requireOpen(session);
      if (set.scheduled_start_at && session.status !== S.SCHEDULED)
        throw new DomainError(E.INVALID_SCHEDULE, `The session is ${session.status.toUpperCase()}: its start is no longer scheduled`, [
          'input',
          'scheduledStartAt',
        ]);
      if (changes.storefrontAppIds != null) {
        const apps = await this.checkAppsExist(tx, actor, changes.storefrontAppIds, ['input', 'storefrontAppIds']);
        await run(
          tx,
          `with gone as (delete from live_session_app where session_id = ? and app_id <> all(?::uuid[]))
           insert into live_session_app (session_id, app_id) select ?, a from unnest(?::uuid[]) a on conflict do nothing`,
          [session.id, `{${apps.join(',')}}`, session.id, `{${apps.join(',')}}`],
        );
      }
      const columns = Object.keys(set);
      if (columns.length > 0) {
        const [changed] = await run<Record<string, unknown>>(
          tx,
          `update live_session set ${columns.map((c) => `${c} = ?`).join(', ')} where id = ? returning title, cover_url, stream_url, replay_url`,
          [...Object.values(set), session.id],
        );
        await appendEvents(tx, session.id, [
          {
            type: T.DETAILS,
            data: {
              title: changed.title as string,
              coverUrl: changed.cover_url as string | null,
              streamUrl: changed.stream_url as string | null,
              replayUrl: changed.replay_url as string | null,
            },
          },
        ]);
      }
    });
  }

  /**
   * Moves the session by the table (lifecycle.ts) in one conditional update; refused with
   * INVALID_TRANSITION naming its state. Ending or cancelling gives every quota left back to the
   * SKUs' stock in the same transaction, and clears the pin.
   */
  async move(actor: LiveActor, sessionId: string | null, name: SessionTransition): Promise<void> {
    await this.em.transactional(async (tx) => {
      const session = await this.lockSession(tx, actor, sessionId, ['id']);
      const [moved] = await run<{ status: S }>(
        tx,
        `update live_session s set ${setStatus(SESSION, [name])} where s.id = ? and ${whereAllowed(SESSION, [name])} returning s.status`,
        [session.id],
      );
      if (!moved) throw new DomainError(E.INVALID_TRANSITION, refusal(SESSION, name, session.status), ['id']);
      const events: NewEvent[] = [];
      if (FINAL.includes(moved.status)) {
        if (session.pinned_item_id) events.push({ type: T.UNPINNED, data: { itemId: session.pinned_item_id } });
        for (const freed of await this.freeQuotas(tx, session.id, `live session ${session.id} ${moved.status}`))
          events.push({ type: T.STOCK, data: { itemId: freed, stockLeft: 0 } });
      }
      events.push({ type: T.STATUS, data: { status: moved.status } });
      await appendEvents(tx, session.id, events);
      // Going live the first time and ending are what storefront apps' back ends hear of (pauses are not).
      if (name === 'start') await publishLiveSessionWebhook(tx, session.id, 'live_session.started');
      if (name === 'end') await publishLiveSessionWebhook(tx, session.id, 'live_session.ended');
    });
  }

  /** Gives every quota left in the session back to stock, in one statement; the items freed. */
  private async freeQuotas(tx: EntityManager, sessionId: string, reason: string): Promise<string[]> {
    const [freed] = await runStatement(tx, [
      {
        with: [
          [
            'live_freed',
            q`update live_item i set quota_left = 0
                from (select id, quota_left from live_item where session_id = ${sessionId} and quota_left > 0 order by id for update) o
               where i.id = o.id
              returning i.id, i.sku_id, o.quota_left as quantity`,
          ],
        ],
        result: sql(`(select coalesce(json_agg(id order by id), '[]') from live_freed)`),
      },
      returnStockPart(sql('select sku_id, quantity from live_freed'), reason),
    ]);
    return freed as string[];
  }

  /** Refuses a SKU whose product is not published; SKU_NOT_FOUND when there is no such SKU. */
  private static async saleSku(tx: EntityManager, skuId: string | null) {
    const sku = skuId ? (await skusForSale(tx, [skuId])).get(skuId) : undefined;
    if (!sku) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['input', 'skuId']);
    if (sku.publication !== Publication.PUBLISHED)
      throw new DomainError(E.PRODUCT_NOT_ON_SALE, `The product "${sku.product_name}" is not published`, ['input', 'skuId']);
    return sku;
  }

  private static async shortOfStock(tx: EntityManager, skuId: string, wanted: number): Promise<DomainError> {
    const left = await one<{ code: string; stock: number }>(tx, `select s.code, s.stock from ${SKUS} s where s.id = ?`, [skuId]);
    return new DomainError(E.INSUFFICIENT_STOCK, `SKU ${left?.code ?? skuId} has ${left?.stock ?? 0} in stock; a quota of ${wanted} asked for`, [
      'input',
      'quota',
    ]);
  }

  /**
   * Adds a SKU to the lineup with its quota carved out of the SKU's stock: one statement whose
   * catalog part takes the stock by a conditional update and whose own part inserts the item only
   * when the stock was taken. INSUFFICIENT_STOCK when the SKU has less (nothing carved).
   */
  async addItem(actor: LiveActor, sessionId: string | null, input: ItemInput): Promise<string> {
    const livePrice = checkPrice(input.livePrice, ['input', 'livePrice']);
    const quota = checkQuota(input.quota, ['input', 'quota']);
    const limit = checkLimit(input.perCustomerLimit ?? null, ['input', 'perCustomerLimit']);
    const position = input.position == null ? null : checkPosition(input.position, ['input', 'position']);
    return idempotent(
      this.em,
      { operation: 'addLiveItem', callerId: actor.accountId, key: input.idempotencyKey, input: { sessionId, ...input } },
      async (tx) => {
        const session = await this.lockSession(tx, actor, sessionId, ['input', 'sessionId']);
        LiveService.requireOpen(session);
        const sku = await LiveService.saleSku(tx, input.skuId);
        const [lineup] = await run<{ items: number; taken: boolean }>(
          tx,
          `select count(*)::int as items, coalesce(bool_or(sku_id = ?), false) as taken from live_item where session_id = ? and status <> 'removed'`,
          [sku.id, session.id],
        );
        if (lineup.taken) throw new DomainError(E.SKU_ALREADY_IN_LINEUP, 'This SKU is already in the lineup: change that item instead', ['input', 'skuId']);
        if (lineup.items >= MAX_LINEUP) throw new DomainError(E.LINEUP_FULL, `A lineup holds at most ${MAX_LINEUP} items`, ['input', 'sessionId']);
        const id = uuidv7();
        const [, added] = await runStatement(tx, [
          takeStockPart([{ skuId: sku.id, quantity: quota }], `live session ${session.id} quota`),
          {
            with: [
              [
                'live_added',
                q`insert into live_item (id, session_id, sku_id, product_id, live_price, quota_left, sold, per_customer_limit, position, status, created_at)
                  select ${id}, ${session.id}, ${sku.id}, ${sku.product_id}, ${livePrice}, ${quota}, 0, ${limit},
                         coalesce(${position}::int, (select coalesce(max(position) + 1, 0) from live_item where session_id = ${session.id} and status <> 'removed')),
                         'on_sale', now()
                   where exists (select 1 from stock_taken)
                  returning ${sql(ITEM_COLUMNS.replace(/i\./g, ''))}`,
              ],
            ],
            result: sql(`(select row_to_json(a) from live_added a)`),
          },
        ]);
        if (!added) throw await LiveService.shortOfStock(tx, sku.id, quota);
        await appendEvents(tx, session.id, [{ type: T.ITEM_ADDED, data: itemData(added as ItemRow) }]);
        return id;
      },
    );
  }

  /** The item and its session's row (taken for the transaction), when the actor may run its session. */
  private async lockItem(tx: EntityManager, actor: LiveActor, itemId: string | null): Promise<{ session: LockedSession; item: ItemRow }> {
    const found = itemId ? await one<{ session_id: string }>(tx, 'select session_id from live_item where id = ?', [itemId]) : null;
    if (!found) throw new DomainError(E.ITEM_NOT_FOUND, 'No lineup item of yours has this id', ['input', 'itemId']);
    let session: LockedSession;
    try {
      session = await this.lockSession(tx, actor, found.session_id, ['input', 'itemId']);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      throw new DomainError(E.ITEM_NOT_FOUND, 'No lineup item of yours has this id', ['input', 'itemId']);
    }
    const item = (await one<ItemRow>(tx, `select ${ITEM_COLUMNS} from live_item i where i.id = ?`, [itemId]))!;
    return { session, item };
  }

  private static requireListed(item: ItemRow): void {
    if (item.status === I.REMOVED) throw new DomainError(E.ITEM_REMOVED, 'The item was removed from the lineup', ['input', 'itemId']);
  }

  /** Changes an item's live price (a PRICE event; allowed while live), limit, position or sale state (ITEM_CHANGED). */
  async updateItem(actor: LiveActor, itemId: string | null, changes: ItemChanges): Promise<void> {
    const { clearPerCustomerLimit, ...values } = changes;
    if (!clearPerCustomerLimit && Object.values(values).every((v) => v === undefined || v === null))
      throw new DomainError(E.NOTHING_TO_CHANGE, 'Give at least one field to change', ['input']);
    const price = changes.livePrice == null ? null : checkPrice(changes.livePrice, ['input', 'livePrice']);
    const limit = changes.perCustomerLimit == null ? null : checkLimit(changes.perCustomerLimit, ['input', 'perCustomerLimit']);
    const position = changes.position == null ? null : checkPosition(changes.position, ['input', 'position']);
    await this.em.transactional(async (tx) => {
      const { session, item } = await this.lockItem(tx, actor, itemId);
      LiveService.requireOpen(session);
      LiveService.requireListed(item);
      const events: NewEvent[] = [];
      const sale: ItemTransition | null =
        changes.onSale == null
          ? null
          : changes.onSale && item.status === I.OFF_SALE
            ? 'relist'
            : !changes.onSale && item.status === I.ON_SALE
              ? 'delist'
              : null;
      if (sale) {
        await run(tx, `update live_item i set ${setStatus(ITEM, [sale])} where i.id = ? and ${whereAllowed(ITEM, [sale])}`, [item.id]);
        if (sale === 'delist' && session.pinned_item_id === item.id) events.push(...(await LiveService.clearPin(tx, session)));
      }
      const set: string[] = [];
      const values: unknown[] = [];
      const column = (name: string, value: unknown) => {
        set.push(`${name} = ?`);
        values.push(value);
      };
      if (price !== null) column('live_price', price);
      if (limit !== null || changes.clearPerCustomerLimit) column('per_customer_limit', limit);
      if (position !== null) column('position', position);
      const [changed] =
        set.length > 0
          ? await run<ItemRow>(tx, `update live_item i set ${set.join(', ')} where i.id = ? returning ${ITEM_COLUMNS}`, [...values, item.id])
          : await run<ItemRow>(tx, `select ${ITEM_COLUMNS} from live_item i where i.id = ?`, [item.id]);
      if (price !== null && price !== Number(item.live_price)) events.push({ type: T.PRICE, data: { itemId: item.id, livePrice: price } });
      const others =
        sale !== null ||
        (position !== null && position !== item.position) ||
        ((limit !== null || changes.clearPerCustomerLimit) && limit !== item.per_customer_limit);
      if (others) events.push({ type: T.ITEM_CHANGED, data: itemData(changed) });
      await appendEvents(tx, session.id, events);
    });
  }

  /**
   * Raises (delta > 0) or lowers (delta < 0) an item's quota, in one statement: raising carves the
   * SKU's stock by a conditional update (INSUFFICIENT_STOCK when it has less); lowering takes the
   * item's quota by a conditional update `quota_left >= n` (INSUFFICIENT_QUOTA) and gives it back to
   * the SKU. A STOCK event tells the quota left.
   */
  async changeQuota(actor: LiveActor, itemId: string | null, delta: number, idempotencyKey?: string | null): Promise<void> {
    checkQuotaChange(delta, ['input', 'change']);
    await idempotent(this.em, { operation: 'changeLiveItemQuota', callerId: actor.accountId, key: idempotencyKey, input: { itemId, delta } }, async (tx) => {
      const { session, item } = await this.lockItem(tx, actor, itemId);
      LiveService.requireOpen(session);
      LiveService.requireListed(item);
      let left: number | null;
      if (delta > 0) {
        const [, raised] = await runStatement(tx, [
          takeStockPart([{ skuId: item.sku_id, quantity: delta }], `live session ${session.id} quota`),
          {
            with: [
              [
                'live_raised',
                q`update live_item set quota_left = quota_left + ${delta}
                   where id = ${item.id} and quota_left + ${delta} <= ${MAX_QUOTA} and exists (select 1 from stock_taken)
                  returning quota_left`,
              ],
            ],
            result: sql('(select quota_left from live_raised)'),
          },
        ]);
        if (raised == null) {
          if (item.quota_left + delta > MAX_QUOTA) throw new DomainError(E.INVALID_QUANTITY, `An item's quota holds at most ${MAX_QUOTA}`, ['input', 'change']);
          throw await LiveService.shortOfStock(tx, item.sku_id, delta);
        }
        left = raised as number;
      } else {
        const [lowered] = await runStatement(tx, [
          {
            with: [
              [
                'live_lowered',
                q`update live_item set quota_left = quota_left - ${-delta}
                   where id = ${item.id} and quota_left >= ${-delta}
                  returning sku_id, ${-delta}::int as quantity, quota_left`,
              ],
            ],
            result: sql('(select quota_left from live_lowered)'),
          },
          returnStockPart(sql('select sku_id, quantity from live_lowered'), `live session ${session.id} quota given back`),
        ]);
        if (lowered == null)
          throw new DomainError(E.INSUFFICIENT_QUOTA, `The item has ${item.quota_left} left; cannot give back ${-delta}`, ['input', 'change']);
        left = lowered as number;
      }
      await appendEvents(tx, session.id, [{ type: T.STOCK, data: { itemId: item.id, stockLeft: left } }]);
    });
    // Units came back: this process's buyers may try again at once (gate.ts).
    if (delta > 0 && itemId) liveGate.forget([itemId]);
  }

  /** Removes an item from the lineup (final): its quota left goes back to the SKU's stock in the same statement; unpinned if pinned. */
  async removeItem(actor: LiveActor, itemId: string | null): Promise<void> {
    await this.em.transactional(async (tx) => {
      const { session, item } = await this.lockItem(tx, actor, itemId);
      LiveService.requireOpen(session);
      LiveService.requireListed(item);
      const [removed] = await runStatement(tx, [
        {
          with: [
            [
              'live_removed',
              q`update live_item i set ${sql(setStatus(ITEM, ['remove']))}
                  from (select id, quota_left from live_item where id = ${item.id} for update) o
                 where i.id = o.id and ${sql(whereAllowed(ITEM, ['remove']))}
                returning i.id, i.sku_id, o.quota_left as quantity`,
            ],
          ],
          result: sql('(select count(*) from live_removed)'),
        },
        returnStockPart(sql('select sku_id, quantity from live_removed'), `live session ${session.id} item removed`),
      ]);
      if (Number(removed) === 0) throw new DomainError(E.ITEM_REMOVED, refusal(ITEM, 'remove', item.status), ['input', 'itemId']);
      const events = session.pinned_item_id === item.id ? await LiveService.clearPin(tx, session) : [];
      await appendEvents(tx, session.id, [...events, { type: T.ITEM_REMOVED, data: { itemId: item.id } }]);
    });
  }

  private static async clearPin(tx: EntityManager, session: LockedSession): Promise<NewEvent[]> {
    const cleared = await run(tx, 'update live_session set pinned_item_id = null where id = ? and pinned_item_id = ? returning id', [
      session.id,
      session.pinned_item_id,
    ]);
    return cleared.length > 0 ? [{ type: T.UNPINNED, data: { itemId: session.pinned_item_id! } }] : [];
  }

  /**
   * Pins an item (讲解中): ONE update of the session's pinned item, so pinning another unpins the
   * first in the same statement, only while the session is on air and the item on sale with quota
   * left (its guard, in the statement). Pinning the pinned item changes nothing.
   */
  async pin(actor: LiveActor, itemId: string | null): Promise<void> {
    await this.em.transactional(async (tx) => {
      const { session, item } = await this.lockItem(tx, actor, itemId);
      if (!ON_AIR.includes(session.status))
        throw new DomainError(E.SESSION_NOT_LIVE, `The session is ${session.status.toUpperCase()}: items are pinned only while it is LIVE or PAUSED`, [
          'input',
          'itemId',
        ]);
      if (item.status === I.REMOVED) throw new DomainError(E.ITEM_REMOVED, 'A removed item cannot be pinned', ['input', 'itemId']);
      if (item.status === I.OFF_SALE) throw new DomainError(E.ITEM_OFF_SALE, 'An item off sale cannot be pinned: put it on sale first', ['input', 'itemId']);
      if (session.pinned_item_id === item.id) return;
      const [pinned] = await run<{ id: string }>(
        tx,
        `update live_session s set pinned_item_id = ?
          where s.id = ? and s.status in (${sqlStates(ON_AIR)})
            and exists (select 1 from live_item i where i.id = ? and i.session_id = s.id and i.status = 'on_sale' and i.quota_left > 0)
         returning s.id`,
        [item.id, session.id, item.id],
      );
      if (!pinned) throw new DomainError(E.ITEM_SOLD_OUT, 'A sold-out item cannot be pinned: raise its quota first', ['input', 'itemId']);
      await appendEvents(tx, session.id, [
        ...(session.pinned_item_id ? [{ type: T.UNPINNED, data: { itemId: session.pinned_item_id } }] : []),
        { type: T.PINNED, data: { itemId: item.id } },
      ]);
    });
  }

  async unpin(actor: LiveActor, sessionId: string | null): Promise<void> {
    await this.em.transactional(async (tx) => {
      const session = await this.lockSession(tx, actor, sessionId, ['sessionId']);
      const events = session.pinned_item_id ? await LiveService.clearPin(tx, session) : [];
      if (events.length === 0) throw new DomainError(E.NOTHING_PINNED, 'No item is pinned in this session', ['sessionId']);
      await appendEvents(tx, session.id, events);
    });
  }
}

export const liveService = (ctx: RequestContext): LiveService => new LiveService(ctx.em);

/** The caller as a live actor (signed in). */
export function liveActor(ctx: RequestContext): LiveActor {
  return { accountId: ctx.viewer!.accountId, isOperator: ctx.isOperator, storefrontAppId: ctx.storefront?.appId ?? null };
}
