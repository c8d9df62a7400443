import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { Account } from '../accounts/entities';
import { Product, Sku } from '../catalog/entities';
import { StorefrontApp } from '../storefronts/entities';

export enum LiveSessionStatus {
  /** Announced: the lineup can be prepared; viewers may wait in the room. */
  SCHEDULED = 'scheduled',
  /** On air. */
  LIVE = 'live',
  /** On air but paused by the host (a break): the lineup stays, sales may go on. */
  PAUSED = 'paused',
  /** Over: every quota left went back to the SKUs' stock. */
  ENDED = 'ended',
  /** Called off before it started: every quota went back. */
  CANCELLED = 'cancelled',
}

/**
 * A live-stream session (直播): a host, a schedule, the stream a provider serves (the API keeps its
 * URLs only), the storefront apps it shows on, and a lineup of items (live_item). `pinned_item_id` is
 * the item being presented now (讲解中): one column, so pinning another unpins the first in the same
 * statement, and there is never more than one. `viewers` is the last count published (a VIEWERS
 * event), `peak_viewers` the highest; the distinct viewers ever are the rows of live_session_viewer.
 */
@Entity({ tableName: 'live_session' })
@Check({ name: 'live_session_viewers', expression: 'viewers >= 0 and peak_viewers >= viewers' })
@Check({ name: 'live_session_started', expression: `status = 'scheduled' or status = 'cancelled' or started_at is not null` })
@Check({ name: 'live_session_ended', expression: `(status = 'ended' or status = 'cancelled') = (ended_at is not null)` })
@Check({ name: 'live_session_pinned', expression: `pinned_item_id is null or status = 'live' or status = 'paused'` })
@Check({ name: 'live_session_payment_window', expression: 'payment_window_minutes >= 1 and payment_window_minutes <= 120' })
@Index({ name: 'live_session_schedule', properties: ['scheduledStartAt', 'id'] })
@Index({ name: 'live_session_by_host', properties: ['host', 'scheduledStartAt', 'id'] })
@Index({ name: 'live_session_by_status', properties: ['status', 'scheduledStartAt', 'id'] })
@Index({ name: 'live_session_ended_at', expression: `create index "live_session_ended_at" on "live_session" ("ended_at") where "ended_at" is not null` })
export class LiveSession {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Indexed by live_session_by_host, whose first column it is. */
  @ManyToOne(() => Account, { deleteRule: 'restrict' })
  host: Account;

  @Property({ type: 'text' })
  title: string;

  @Property({ type: 'text', nullable: true })
  coverUrl: string | null = null;

  @Property({ type: 'timestamptz' })
  scheduledStartAt: Date;

  /** Where players pull the stream from (the provider's URL); null until the provider gives one. */
  @Property({ type: 'text', nullable: true })
  streamUrl: string | null = null;

  /** The recording, once the provider has one. */
  @Property({ type: 'text', nullable: true })
  replayUrl: string | null = null;

  @Enum({ items: () => LiveSessionStatus, nativeEnumName: 'live_session_status', default: LiveSessionStatus.SCHEDULED })
  status: LiveSessionStatus = LiveSessionStatus.SCHEDULED;

  @ManyToOne(() => LiveItem, { nullable: true, index: true, deleteRule: 'set null' })
  pinnedItem: LiveItem | null = null;

  @Property({ type: 'integer', default: 0 })
  viewers: number = 0;

  @Property({ type: 'integer', default: 0 })
  peakViewers: number = 0;

  /** When `viewers` was last published: VIEWERS events are at most one a second. */
  @Property({ type: 'timestamptz', nullable: true })
  viewersCountedAt: Date | null = null;

  /** Minutes a live order has to be paid before it is cancelled and its units go back (shorter than the shop's usual time to pay). */
  @Property({ type: 'integer', default: 10 })
  paymentWindowMinutes: number = 10;

  @ManyToOne(() => Account, { nullable: true, index: true, deleteRule: 'set null' })
  createdBy: Account | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;
}

/** A storefront app a session shows on (its listing and its room page). */
@Entity({ tableName: 'live_session_app' })
@Index({ name: 'live_session_app_by_app', properties: ['app', 'session'] })
export class LiveSessionApp {
  @ManyToOne(() => LiveSession, { primary: true, deleteRule: 'cascade' })
  session: LiveSession;

  /** Indexed by live_session_app_by_app, whose first column it is. */
  @ManyToOne(() => StorefrontApp, { primary: true, deleteRule: 'cascade' })
  app: StorefrontApp;
}

export enum LiveItemStatus {
  ON_SALE = 'on_sale',
  /** Kept in the lineup with its quota, but not sold nor pinnable until put back on sale. */
  OFF_SALE = 'off_sale',
  /** Taken out of the lineup: its quota went back to the SKU's stock. Final. */
  REMOVED = 'removed',
}

/**
 * An item of a session's lineup: a SKU at a live price, with a live stock quota carved out of the
 * SKU's stock when added or raised (one conditional update of the SKU in the same statement) and
 * given back when lowered, removed or when the session ends. `quota_left` is what can still be sold
 * live; `sold` what was. A checkout takes `quota_left` by a conditional update (`quota_left >= n`,
 * see queries.ts), never the SKU's stock: so SKU stock + Σ quota_left + Σ sold only moves by orders
 * shipped or stock adjusted, and a check keeps quota_left from going below zero whatever races.
 */
@Entity({ tableName: 'live_item' })
@Check({ name: 'live_item_quota', expression: 'quota_left >= 0 and sold >= 0' })
@Check({ name: 'live_item_price', expression: 'live_price > 0' })
@Check({ name: 'live_item_limit', expression: 'per_customer_limit is null or per_customer_limit >= 1' })
@Check({ name: 'live_item_removed', expression: `status <> 'removed' or quota_left = 0` })
@Index({ name: 'live_item_lineup', properties: ['session', 'position', 'id'] })
@Index({
  name: 'live_item_sku_once',
  expression: `create unique index "live_item_sku_once" on "live_item" ("session_id", "sku_id") where "status" <> 'removed'`,
})
export class LiveItem {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Indexed by live_item_lineup, whose first column it is. */
  @ManyToOne(() => LiveSession, { deleteRule: 'cascade' })
  session: LiveSession;

  @ManyToOne(() => Sku, { index: true, deleteRule: 'restrict' })
  sku: Sku;

  /** The SKU's product, kept for listings of the lineup. */
  @ManyToOne(() => Product, { index: true, deleteRule: 'restrict' })
  product: Product;

  @Property({ type: 'integer' })
  livePrice: Fen;

  @Property({ type: 'integer', default: 0 })
  quotaLeft: number = 0;

  @Property({ type: 'integer', default: 0 })
  sold: number = 0;

  /** Units one customer may buy of this item in the session; null: no limit but the quota. */
  @Property({ type: 'integer', nullable: true })
  perCustomerLimit: number | null = null;

  @Property({ type: 'integer' })
  position: number;

  @Enum({ items: () => LiveItemStatus, nativeEnumName: 'live_item_status', default: LiveItemStatus.ON_SALE })
  status: LiveItemStatus = LiveItemStatus.ON_SALE;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  removedAt: Date | null = null;

  /** Moves by one with every sale and give-back of its quota (the same update): the STOCK and SOLD events announce versions in order (figures.ts). */
  @Property({ type: 'integer', default: 0 })
  figuresVersion: number = 0;
}

/**
 * The version of an item's figures (quota left, sold) its last STOCK and SOLD events told, and when
 * (figures.ts). A row of its own, so announcing never waits for the item's row, which sales hold
 * until they commit; an announcement moves it only forward, so two processes announce a version once,
 * and the emitters of every process keep their gap between two announcements of the item by its time.
 */
@Entity({ tableName: 'live_item_announced' })
export class LiveItemAnnounced {
  @ManyToOne(() => LiveItem, { primary: true, deleteRule: 'cascade' })
  item: LiveItem;

  @Property({ type: 'integer' })
  version: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  announcedAt: Date = new Date();
}

/**
 * A viewer's live cart in a session: lineup items and how many, at most MAX_CART_LINES lines. Checked
 * out through the ordinary checkout (checkout.ts), which empties the lines it bought.
 */
@Entity({ tableName: 'live_cart_line' })
@Check({ name: 'live_cart_line_quantity', expression: 'quantity >= 1 and quantity <= 999' })
@Index({ name: 'live_cart_line_item', properties: ['item'] })
@Index({ name: 'live_cart_line_customer', properties: ['customer'] })
export class LiveCartLine {
  @ManyToOne(() => LiveSession, { primary: true, deleteRule: 'cascade' })
  session: LiveSession;

  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  customer: Account;

  /** Indexed by live_cart_line_item. */
  @ManyToOne(() => LiveItem, { primary: true, deleteRule: 'cascade' })
  item: LiveItem;

  @Property({ type: 'integer' })
  quantity: number;

  @Property({ type: 'timestamptz' })
  addedAt: Date = new Date();
}

/**
 * Units of an item a customer holds in orders not cancelled: the per-customer limit is enforced on
 * it by a conditional upsert in the checkout's write statement (`units + n <= limit`), and a
 * cancelled order gives its units back.
 */
@Entity({ tableName: 'live_purchase' })
@Check({ name: 'live_purchase_units', expression: 'units >= 0' })
@Index({ name: 'live_purchase_customer', properties: ['customer'] })
export class LivePurchase {
  @ManyToOne(() => LiveItem, { primary: true, deleteRule: 'cascade' })
  item: LiveItem;

  /** Indexed by live_purchase_customer. */
  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  customer: Account;

  @Property({ type: 'integer', default: 0 })
  units: number = 0;
}

/**
 * An order line sold live: which session and item it took its units from (the order line's id and
 * order are the orders module's; no foreign key crosses into its tables). `returned_at`: an unpaid
 * cancellation gave the units back (to the item's quota while the session ran, else to the SKU).
 */
@Entity({ tableName: 'live_order_line' })
@Index({ name: 'live_order_line_session', properties: ['session', 'orderId'] })
@Index({ name: 'live_order_line_order', properties: ['orderId'] })
@Index({ name: 'live_order_line_item', properties: ['item'] })
@Index({ name: 'live_order_line_customer', properties: ['customer'] })
@Check({ name: 'live_order_line_restocked', expression: 'restocked >= 0 and restocked <= quantity' })
export class LiveOrderLine {
  @PrimaryKey({ type: 'uuid' })
  orderLineId: string;

  @Property({ type: 'uuid' })
  orderId: string;

  /** Indexed by live_order_line_session, whose first column it is. */
  @ManyToOne(() => LiveSession, { deleteRule: 'cascade' })
  session: LiveSession;

  @ManyToOne(() => LiveItem, { deleteRule: 'cascade' })
  item: LiveItem;

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  customer: Account;

  @Property({ type: 'integer' })
  quantity: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null = null;

  /** Units a refund before shipping put back on the SKU's shelf: they no longer count as sold. */
  @Property({ type: 'integer', default: 0 })
  restocked: number = 0;
}

/**
 * A session's event counter: the sequence number of its last event. Every event's transaction
 * moves it by one (a conditional update of this row), so the row lock orders the session's events:
 * numbers strictly increase, none is shared, and a rolled-back event gives its number back.
 */
@Entity({ tableName: 'live_event_counter' })
@Check({ name: 'live_event_counter_seq', expression: 'last_seq >= 0' })
export class LiveEventCounter {
  @ManyToOne(() => LiveSession, { primary: true, deleteRule: 'cascade' })
  session: LiveSession;

  @Property({ type: 'bigint', default: 0 })
  lastSeq: string = '0';
}

export enum LiveEventType {
  STATUS = 'status',
  DETAILS = 'details',
  PINNED = 'pinned',
  UNPINNED = 'unpinned',
  ITEM_ADDED = 'item_added',
  ITEM_CHANGED = 'item_changed',
  ITEM_REMOVED = 'item_removed',
  PRICE = 'price',
  STOCK = 'stock',
  SOLD = 'sold',
  VIEWERS = 'viewers',
}

/** A session's events, by number, kept for the session's life and a day after (jobs.ts), for subscribers that resume. */
@Entity({ tableName: 'live_event' })
@Check({ name: 'live_event_seq', expression: 'seq >= 1' })
export class LiveEvent {
  @ManyToOne(() => LiveSession, { primary: true, deleteRule: 'cascade' })
  session: LiveSession;

  @PrimaryKey({ type: 'bigint' })
  seq: string;

  @Enum({ items: () => LiveEventType, nativeEnumName: 'live_event_type' })
  type: LiveEventType;

  /** What the event says (the item, its price, stock left, sold, the status, the viewers), as the subscription delivers it. */
  @Property({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  at: Date = new Date();
}

/**
 * One subscribed connection watching a session, in some API process: inserted when the subscription
 * starts, deleted when it stops, its heartbeat refreshed by its process. A process that dies leaves
 * rows whose heartbeat ages; whoever sweeps next deletes them (presence.ts). The viewers of a session
 * are the distinct `viewer` of its fresh rows: a signed-in account counts once however many tabs.
 */
@Entity({ tableName: 'live_viewer' })
@Index({ name: 'live_viewer_session', properties: ['session', 'viewer'] })
@Index({ name: 'live_viewer_heartbeat', properties: ['heartbeatAt'] })
@Index({ name: 'live_viewer_process', properties: ['processId'] })
export class LiveViewer {
  @PrimaryKey({ type: 'uuid' })
  connectionId: string;

  /** Indexed by live_viewer_session, whose first column it is. */
  @ManyToOne(() => LiveSession, { deleteRule: 'cascade' })
  session: LiveSession;

  /** The account id, or `anon:<connection>` for an anonymous viewer. */
  @Property({ type: 'text' })
  viewer: string;

  @Property({ type: 'uuid' })
  processId: string;

  @Property({ type: 'timestamptz' })
  heartbeatAt: Date = new Date();
}

/** Every distinct viewer a session ever had (its unique viewers): inserted once, on the first subscription. */
@Entity({ tableName: 'live_session_viewer' })
export class LiveSessionViewer {
  @ManyToOne(() => LiveSession, { primary: true, deleteRule: 'cascade' })
  session: LiveSession;

  @PrimaryKey({ type: 'text' })
  viewer: string;

  @Property({ type: 'timestamptz' })
  firstSeenAt: Date = new Date();
}
