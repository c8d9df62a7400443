import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { LookupCache } from '../../lib/lookup-cache';
import type { ActivityPrice } from '../../lib/pricing/step';
import type { RequestContext } from '../../lib/request-context';
import { one, q, run, runStatement, sql, uuids } from '../../lib/sql';
import { liveSessionLink } from '../attribution/live-link';
import { returnStockPart } from '../catalog/queries';
import { ORDER_LINES } from '../orders/queries';
import { checkoutService, type Buyer, type CheckoutChannel, type CheckoutService, type ChannelTerms, type PlacedOrder } from '../orders/checkout';
import type { AddressInput } from '../orders/service';
import { LiveItemStatus as I, LiveSessionStatus as S } from './entities';
import { LiveErrorCode as E } from './errors';
import { announceItems, LIVE_FIGURES, type LiveFigures } from './figures';
import { liveGate } from './gate';
import { MAX_PER_CUSTOMER_LIMIT } from './rules';

/** Lines a viewer's live cart holds at most (per session). */
export const MAX_CART_LINES = 20;
/** The price reason of a line bought at a live price. */
export const LIVE_PRICE = 'LIVE_PRICE';

const ON_AIR_SQL = `'${S.LIVE}', '${S.PAUSED}'`;

interface FoundItem {
  id: string;
  session_id: string;
  sku_id: string;
  status: I;
  per_customer_limit: number | null;
  quota_left: number;
  live_price: number;
}

interface FoundSession {
  id: string;
  status: S;
  host_id: string;
}

export interface LiveLineInput {
  itemId: string | null;
  quantity: number;
}

export interface LiveCheckoutInput {
  sessionId: string | null;
  /** Lines to buy now; left out: the viewer's live cart. */
  lines?: LiveLineInput[] | null;
  shippingAddress?: AddressInput | null;
  addressId?: string | null;
  idempotencyKey?: string | null;
}

export interface LiveCartLineRow {
  item_id: string;
  quantity: number;
}

/** How long a process trusts what it read of a session for a live checkout's early refusal (its status, whether an app shows it). */
export const SESSION_TRUST_MS = 200;
const sessionsSeen = new LookupCache<FoundSession | null>(SESSION_TRUST_MS);

/** The share tokens of sessions' hosts, by session (a host never changes): the live checkout gives it without a statement of its own. */
const hostTokens = new Map<string, string>();

function checkQuantity(n: number, field: string[]): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PER_CUSTOMER_LIMIT)
    throw new DomainError(E.INVALID_QUANTITY, `The quantity must be a whole number from 1 to ${MAX_PER_CUSTOMER_LIMIT}`, field);
  return n;
}

/** Why an item cannot be bought now, or null. */
function itemRefusal(item: FoundItem | undefined, sessionId: string, field: string[]): DomainError | null {
  if (!item || item.session_id !== sessionId) return new DomainError(E.ITEM_NOT_IN_LINEUP, "No item of this session's lineup has this id", field);
  if (item.status === I.REMOVED) return new DomainError(E.ITEM_REMOVED, 'The item was removed from the lineup', field);
  if (item.status === I.OFF_SALE) return new DomainError(E.ITEM_OFF_SALE, 'The item is off sale', field);
  return null;
}

function sessionRefusal(session: FoundSession | null): DomainError | null {
  if (!session) return new DomainError(E.SESSION_NOT_FOUND, 'No live session you may watch has this id', ['input', 'sessionId']);
  if (session.status !== S.LIVE && session.status !== S.PAUSED)
    return new DomainError(E.SESSION_NOT_LIVE, `The session is ${session.status.toUpperCase()}: it sells only while LIVE or PAUSED`, ['input', 'sessionId']);
  return null;
}

/**
 * The live cart and the live checkout. The cart holds lineup items per viewer and session. A live
 * checkout goes through the ordinary checkout (orders/checkout.ts) with the session as its sale
 * channel (CheckoutChannel): the lines are priced at the live price by the pricing pipeline's
 * activity step, the quota is taken by a conditional update (`quota_left >= n`) in the checkout's
 * write statement and the SKU's stock is not taken again (the quota was carved from it), the
 * per-customer limit is a conditional upsert in the same statement, the buyer has the session's
 * time to pay, and the host's link for the session is given as the share token, so the lines are
 * attributed to the session and its host through the precedence (attribution/precedence.ts).
 */
export class LiveCheckoutService {
  constructor(
    private readonly em: EntityManager,
    private readonly checkout: CheckoutService,
    private readonly figures: LiveFigures | null,
  ) {}

  /**
   * The session as the storefront app sees it (shown on the app), or null: read at most once per
   * SESSION_TRUST_MS per session and app in this process (a rush's buyers share the read). Only an
   * early refusal rests on it: the checkout's own read checks the session's status again.
   */
  private visibleSession(sessionId: string | null, storefrontAppId: string): Promise<FoundSession | null> {
    if (!sessionId) return Promise.resolve(null);
    return sessionsSeen.answer(`${sessionId}:${storefrontAppId}`, () =>
      one<FoundSession>(
        this.em,
        `select s.id, s.status, s.host_id from live_session s
          where s.id = ? and exists (select 1 from live_session_app a where a.session_id = s.id and a.app_id = ?)`,
        [sessionId, storefrontAppId],
      ),
    );
  }

  /** The viewer's live cart in a session, items by position. */
  async cart(customerId: string, sessionId: string): Promise<LiveCartLineRow[]> {
    return run<LiveCartLineRow>(
      this.em,
      `select c.item_id, c.quantity from live_cart_line c join live_item i on i.id = c.item_id
        where c.session_id = ? and c.customer_id = ? order by i.position, i.id`,
      [sessionId, customerId],
    );
  }

  /**
   * Sets how many of a lineup item the viewer's live cart holds (0 takes it out). Only while the
   * session sells (LIVE or PAUSED), for an item on sale, within its per-customer limit, and at most
   * MAX_CART_LINES lines (the bound is in the insert). Returns the session's id.
   */
  async setCartLine(customerId: string, storefrontAppId: string, itemId: string | null, quantity: number): Promise<string> {
    if (quantity !== 0) checkQuantity(quantity, ['input', 'quantity']);
    const item = itemId
      ? await one<FoundItem & { session_status: S; shown: boolean }>(
          this.em,
          `select i.id, i.session_id, i.sku_id, i.status, i.per_customer_limit, i.quota_left, i.live_price, s.status as session_status,
                  exists (select 1 from live_session_app a where a.session_id = s.id and a.app_id = ?) as shown
             from live_item i join live_session s on s.id = i.session_id where i.id = ?`,
          [storefrontAppId, itemId],
        )
      : null;
    if (!item || !item.shown) throw new DomainError(E.ITEM_NOT_FOUND, 'No lineup item you may see has this id', ['input', 'itemId']);
    if (quantity === 0) {
      await run(this.em, 'delete from live_cart_line where session_id = ? and customer_id = ? and item_id = ?', [item.session_id, customerId, item.id]);
      return item.session_id;
    }
    const refused =
      sessionRefusal({ id: item.session_id, status: item.session_status, host_id: '' }) ?? itemRefusal(item, item.session_id, ['input', 'itemId']);
    if (refused) throw refused;
    if (item.per_customer_limit != null && quantity > item.per_customer_limit)
      throw new DomainError(E.LIMIT_EXCEEDED, `At most ${item.per_customer_limit} of this item per customer`, ['input', 'quantity']);
    // One viewer's cart changes one at a time (a lock on the cart's key for the transaction), so parallel adds cannot each see room for a 20th line.
    const [set] = await this.em.transactional(async (tx) => {
      await run(tx, 'select pg_advisory_xact_lock(hashtextextended(?, 0))', [`live_cart_line:${item.session_id}:${customerId}`]);
      return run<{ n: number }>(
        tx,
        `with put as (
         insert into live_cart_line as c (session_id, customer_id, item_id, quantity, added_at)
         select ?, ?, ?, ?, now()
          where (select count(*) from live_cart_line x where x.session_id = ? and x.customer_id = ? and x.item_id <> ?) < ?
         on conflict (session_id, customer_id, item_id) do update set quantity = excluded.quantity
         returning 1
       ) select count(*)::int as n from put`,
        [item.session_id, customerId, item.id, quantity, item.session_id, customerId, item.id, MAX_CART_LINES],
      );
    });
    if (set.n === 0) throw new DomainError(E.CART_FULL, `A live cart holds at most ${MAX_CART_LINES} lines`, ['input', 'itemId']);
    return item.session_id;
  }

  /**
   * Places an order of lineup items (the lines given, or the viewer's live cart) through the
   * ordinary checkout. Refused before anything is written: the session not found or not selling
   * (SESSION_NOT_FOUND, SESSION_NOT_LIVE), an item not in its lineup (ITEM_NOT_IN_LINEUP), removed
   * or off sale, a quantity over the item's per-customer limit (LIMIT_EXCEEDED), an empty cart
   * (CART_EMPTY); in the write statement, not enough quota (ITEM_SOLD_OUT) or the limit reached with
   * the buyer's other orders (LIMIT_EXCEEDED), which roll the whole order back.
   */
  /**
   * The part of a live checkout that runs in the items' lanes (gate.ts): the quota read fresh, the
   * refusals it allows, then the ordinary checkout. A quota read at 0, or a single-item order the
   * quota's update refused, marks the item sold out for the gate.
   */
  private async placeInTurn(
    buyer: Buyer,
    input: LiveCheckoutInput,
    session: FoundSession,
    wanted: { itemId: string | null; quantity: number; field: string[] }[],
    ids: string[],
  ): Promise<{ placed: PlacedOrder; lines: { itemId: string; skuId: string; quantity: number }[] }> {
    const sessionId = session.id;
    // Sold out while this buyer waited for its turn: turned away from memory, as an arriving one is.
    refuseKnownSoldOut(sessionId, wanted);
    // The items with their session's status now: the session read before the lane may be a moment old.
    const found = ids.length
      ? await run<FoundItem & { session_status: S }>(
          this.em,
          `select i.id, i.session_id, i.sku_id, i.status, i.per_customer_limit, i.quota_left, i.live_price, s.status as session_status
             from live_item i join live_session s on s.id = i.session_id where i.id = any(${uuids(ids).text})`,
          [...uuids(ids).values],
        )
      : [];
    const now = found.find((i) => i.session_id === sessionId);
    const ended = now && sessionRefusal({ ...session, status: now.session_status });
    if (ended) throw ended;
    const items = new Map(found.map((i) => [i.id, i]));
    const merged = new Map<string, number>();
    for (const w of wanted) {
      const item = w.itemId ? items.get(w.itemId) : undefined;
      const refused = itemRefusal(item, sessionId, w.field);
      if (refused) throw refused;
      const quantity = (merged.get(item!.id) ?? 0) + w.quantity;
      if (item!.per_customer_limit != null && quantity > item!.per_customer_limit)
        throw new DomainError(E.LIMIT_EXCEEDED, `At most ${item!.per_customer_limit} of this item per customer`, w.field);
      // Refused before the checkout's transaction when too little is left: a rush after the sell-out is turned away cheaply.
      if (item!.quota_left < quantity) {
        if (item!.quota_left === 0) liveGate.markSoldOut(sessionId, item!.id);
        throw new DomainError(E.ITEM_SOLD_OUT, `${item!.quota_left} left of the live quota; ${quantity} asked for`, w.field);
      }
      merged.set(item!.id, quantity);
    }
    const lines = [...merged].map(([itemId, quantity]) => ({ itemId, skuId: items.get(itemId)!.sku_id, quantity }));
    let token = hostTokens.get(sessionId);
    if (!token) {
      token = (await liveSessionLink(this.em, session.host_id, sessionId)).token;
      if (hostTokens.size > 10_000) hostTokens.clear();
      hostTokens.set(sessionId, token);
    }
    try {
      const placed = await this.checkout.place(buyer, {
        lines: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
        shippingAddress: input.shippingAddress,
        addressId: input.addressId,
        idempotencyKey: input.idempotencyKey,
        shareToken: token,
        channel: liveChannel(sessionId, lines),
      });
      return { placed, lines };
    } catch (err) {
      if (err instanceof DomainError && err.code === E.ITEM_SOLD_OUT && lines.length === 1) liveGate.markSoldOut(sessionId, lines[0].itemId);
      throw err;
    }
  }

  async place(buyer: Buyer, input: LiveCheckoutInput): Promise<PlacedOrder & { itemIds: string[] }> {
    const session = await this.visibleSession(input.sessionId, buyer.storefrontAppId);
    const notSelling = sessionRefusal(session);
    if (notSelling) throw notSelling;
    const sessionId = session!.id;
    let wanted: { itemId: string | null; quantity: number; field: string[] }[];
    if (input.lines != null) {
      wanted = input.lines.map((l, i) => ({
        itemId: l.itemId,
        quantity: checkQuantity(l.quantity, ['input', 'lines', String(i), 'quantity']),
        field: ['input', 'lines', String(i), 'itemId'],
      }));
    } else {
      wanted = (await this.cart(buyer.accountId, sessionId)).map((l) => ({ itemId: l.item_id, quantity: l.quantity, field: ['input', 'sessionId'] }));
    }
    if (wanted.length === 0)
      throw new DomainError(E.CART_EMPTY, 'Nothing to check out: the live cart is empty', ['input', input.lines ? 'lines' : 'sessionId']);
    if (wanted.length > MAX_CART_LINES) throw new DomainError(E.CART_FULL, `At most ${MAX_CART_LINES} lines at once`, ['input', 'lines']);
    const ids = wanted.map((w) => w.itemId).filter((id): id is string => id != null);
    refuseKnownSoldOut(sessionId, wanted);
    const { placed, lines } = await liveGate.through(ids, () => this.placeInTurn(buyer, input, session!, wanted, ids));
    const itemIds = lines.map((l) => l.itemId);
    // After the commit: the STOCK and SOLD events, coalesced (figures.ts).
    this.figures?.changed(itemIds);
    return { ...placed, itemIds };
  }
}

/** ITEM_SOLD_OUT, from memory, when this process knows a wanted item sold out a moment ago (gate.ts). */
function refuseKnownSoldOut(sessionId: string, wanted: readonly { itemId: string | null; field: string[] }[]): void {
  const gone = wanted.find((w) => w.itemId != null && liveGate.soldOut(sessionId, w.itemId));
  if (gone) throw new DomainError(E.ITEM_SOLD_OUT, 'Nothing is left of the live quota', gone.field);
}

/**
 * The session as a checkout's sale channel: reads the items' live prices and the session's state
 * in the checkout's read statement (a price changed before it applies, a later change does not),
 * and in its write statement takes the quota (`quota_left >= n`, on sale), counts the buyer's units
 * against the per-customer limit (a conditional upsert: `units + n <= limit`), records the live
 * order lines and takes the bought items out of the live cart.
 */
export function liveChannel(sessionId: string, lines: readonly { itemId: string; skuId: string; quantity: number }[]): CheckoutChannel {
  const itemIds = lines.map((l) => l.itemId);
  const itemOfSku = new Map(lines.map((l) => [l.skuId, l.itemId]));
  return {
    liveSessionId: sessionId,
    liveLines: lines,
    readPart: () => ({
      result: q`(select json_build_object(
                   'status', s.status, 'window', s.payment_window_minutes,
                   'items', (select coalesce(json_agg(json_build_object('id', i.id, 'sku_id', i.sku_id, 'status', i.status, 'live_price', i.live_price)), '[]')
                               from live_item i where i.session_id = s.id and i.id = any(${uuids(itemIds)})))
                  from live_session s where s.id = ${sessionId})`,
    }),
    terms(found): ChannelTerms {
      const f = found as { status: S; window: number; items: { id: string; sku_id: string; status: I; live_price: number }[] } | null;
      const refused = sessionRefusal(f ? { id: sessionId, status: f.status, host_id: '' } : null);
      if (refused) throw refused;
      const byId = new Map(f!.items.map((i) => [i.id, i]));
      const prices = new Map<string, ActivityPrice>();
      for (const line of lines) {
        const item = byId.get(line.itemId);
        if (!item || item.status !== I.ON_SALE)
          throw new DomainError(item ? E.ITEM_OFF_SALE : E.ITEM_NOT_IN_LINEUP, 'The item is no longer on sale in this session', ['input', 'lines']);
        prices.set(item.sku_id, { kind: LIVE_PRICE, campaignId: sessionId, unitPrice: Number(item.live_price) });
      }
      return { prices, ownStockSkuIds: new Set(lines.map((l) => l.skuId)), paymentWindowMinutes: f!.window };
    },
    writeParts(order) {
      const wanted = order.breakdown.lines.map((l, i) => ({ item_id: itemOfSku.get(l.skuId)!, order_line_id: order.lineIds[i], quantity: l.quantity }));
      return [
        {
          with: [
            ['live_wanted', q`select * from json_to_recordset(${JSON.stringify(wanted)}::json) as w(item_id uuid, order_line_id uuid, quantity int)`],
            [
              'live_taken',
              // The ids as an array too, so the items are found by their key (see takeStockPart).
              q`update live_item i set quota_left = i.quota_left - w.quantity, sold = i.sold + w.quantity, figures_version = i.figures_version + 1
                  from live_wanted w
                 where i.id = w.item_id and i.id = any(${uuids(itemIds)}) and i.quota_left >= w.quantity and i.status = 'on_sale'
                 returning i.id, i.per_customer_limit, w.quantity`,
            ],
            [
              'live_limited',
              q`insert into live_purchase as u (item_id, customer_id, units)
                select t.id, ${order.customerId}, t.quantity from live_taken t where t.quantity <= coalesce(t.per_customer_limit, t.quantity)
                on conflict (item_id, customer_id) do update set units = u.units + excluded.units
                 where u.units + excluded.units <= coalesce((select t.per_customer_limit from live_taken t where t.id = u.item_id), u.units + excluded.units)
                returning u.item_id`,
            ],
            [
              'live_lines',
              q`insert into live_order_line (order_line_id, order_id, session_id, item_id, customer_id, quantity, created_at)
                select w.order_line_id, ${order.orderId}, ${sessionId}, w.item_id, ${order.customerId}, w.quantity, now() from live_wanted w returning 1`,
            ],
            [
              'live_uncarted',
              q`delete from live_cart_line where session_id = ${sessionId} and customer_id = ${order.customerId} and item_id = any(${uuids(itemIds)}) returning 1`,
            ],
          ],
          result: sql(`json_build_object('taken', (select count(*) from live_taken), 'limited', (select count(*) from live_limited))`),
          refusedWhen: sql(`(select count(*) from live_taken) < ${wanted.length} or (select count(*) from live_limited) < (select count(*) from live_taken)`),
          check: (result) => {
            const r = result as { taken: number; limited: number };
            if (r.taken < wanted.length) throw new DomainError(E.ITEM_SOLD_OUT, 'Not enough of the live quota is left for this order', ['input', 'lines']);
            if (r.limited < r.taken)
              throw new DomainError(E.LIMIT_EXCEEDED, "With this order you would hold more than the item's per-customer limit", ['input', 'lines']);
          },
        },
      ];
    },
  };
}

/**
 * The `cancelled` order hook: an unpaid live order that is cancelled gives its units back — to the
 * item's quota while its session sells (LIVE or PAUSED) and the item is still in the lineup, else
 * to the SKU's stock (the session ended and gave its quotas back already) — and the buyer's units
 * against the per-customer limit. The sessions are taken FOR SHARE first, so a session does not end
 * between the check and the give-back (ending takes its row FOR NO KEY UPDATE). The STOCK and SOLD
 * events go in the same transaction.
 */
export async function giveBackLiveUnits(tx: EntityManager, orderId: string): Promise<void> {
  const sessions = await run<{ id: string }>(
    tx,
    `select s.id from live_session s
      where s.id in (select l.session_id from live_order_line l where l.order_id = ? and l.returned_at is null)
      order by s.id for share`,
    [orderId],
  );
  if (sessions.length === 0) return;
  const [back] = await runStatement(tx, [
    {
      with: [
        [
          'live_gone',
          q`update live_order_line l set returned_at = now() where l.order_id = ${orderId} and l.returned_at is null returning l.item_id, l.customer_id, l.quantity`,
        ],
        ['live_back', sql('select item_id, customer_id, sum(quantity)::int as quantity from live_gone group by item_id, customer_id')],
        [
          'live_to_quota',
          sql(
            `update live_item i set quota_left = i.quota_left + b.quantity, sold = i.sold - b.quantity, figures_version = i.figures_version + 1
               from live_back b, live_session s
              where i.id = b.item_id and s.id = i.session_id and s.status in (${ON_AIR_SQL}) and i.status <> 'removed'
              returning i.id`,
          ),
        ],
        [
          'live_to_sku',
          sql(
            `update live_item i set sold = i.sold - b.quantity, figures_version = i.figures_version + 1 from live_back b
              where i.id = b.item_id and not exists (select 1 from live_to_quota t where t.id = i.id)
              returning i.id, i.sku_id, b.quantity`,
          ),
        ],
        [
          'live_unbought',
          sql(
            `update live_purchase u set units = u.units - b.quantity from live_back b
              where u.item_id = b.item_id and u.customer_id = b.customer_id returning 1`,
          ),
        ],
      ],
      result: sql(`(select coalesce(json_agg(item_id), '[]') from live_back)`),
    },
    returnStockPart(sql('select sku_id, quantity from live_to_sku'), `order ${orderId} cancelled (live session over)`),
  ]);
  await announceItems(tx, back as string[]);
  liveGate.forget(back as string[]);
}

/**
 * The `refunded` order hook: a refund before shipping puts the units back on the SKU's shelf (the
 * orders module restocks every line, live ones too), so they leave the items' sold counts — SKU
 * stock + quotas left + sold stays conserved. Only the units refunded since the last time count
 * (`live_order_line.restocked`), so partial refunds add up. A refund after shipping restocks
 * nothing and changes nothing here.
 */
export async function unsellRefundedLiveUnits(tx: EntityManager, orderId: string, restockedUnits: number): Promise<void> {
  if (restockedUnits === 0) return;
  const rows = await run<{ id: string }>(
    tx,
    `with refunded as (
       select l.order_line_id, l.item_id, least(ol.refunded_quantity, l.quantity) - l.restocked as n
         from live_order_line l join ${ORDER_LINES} ol on ol.id = l.order_line_id
        where l.order_id = ? and least(ol.refunded_quantity, l.quantity) > l.restocked
     ), marked as (
       update live_order_line l set restocked = l.restocked + r.n from refunded r where l.order_line_id = r.order_line_id returning r.item_id, r.n
     ), per_item as (
       select item_id, sum(n)::int as n from marked group by item_id
     )
     update live_item i set sold = i.sold - p.n, figures_version = i.figures_version + 1 from per_item p where i.id = p.item_id returning i.id`,
    [orderId],
  );
  await announceItems(
    tx,
    rows.map((r) => r.id),
  );
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const liveCheckoutService = (ctx: RequestContext): LiveCheckoutService =>
  new LiveCheckoutService(ctx.em, ctx.use(checkoutService), ctx.need(LIVE_FIGURES) ?? null);
