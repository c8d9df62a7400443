import type { EntityManager } from '@mikro-orm/postgresql';
import { run, uuids } from '../../lib/sql';
import { LINE_SOURCES } from '../attribution/queries';
import type { OrderEventBatchSubscriber, OrderEventMessage, OrderEventSubscriber } from '../orders/events';
import { ORDER_LINES } from '../orders/queries';
import { CONTENT_TIME_ZONE } from './rules';

/**
 * The funnel's order counters, from the order events (outbox subscribers, index.ts): per card and
 * calendar day (China time) of the event, the orders placed through the card (`order.created`),
 * what was paid for the card's lines (`order.paid`, also added to the article's paid_sales for
 * MOST_SOLD) and what was refunded of them (`order.refunded`, taken off the article's paid_sales).
 * A line is the card's when checkout attributed it to the card (attribution's LINE_SOURCES).
 *
 * Each event is ONE statement: it inserts the event's id into content_order_event and adds to the
 * counters only when that insert was new — the outbox delivers at least once, and a second delivery
 * (or two at once: the key makes the second wait, then insert nothing) adds nothing. The counters
 * are set-based upserts that add, so orders counted in parallel are all counted exactly. The
 * orders placed in one dispatch round are counted together, by the same rule, in one statement.
 */

const DAY = `(?::timestamptz at time zone '${CONTENT_TIME_ZONE}')::date`;

/**
 * The statement's tail over `cards (article_id, block_id, amount)`: the event counted once, then each
 * card's day upserted, and — given `paidSales`, the article's new paid sales over its old `a` and the
 * event's sum `s` — its articles' paid sales.
 */
function counted(column: 'orders' | 'paid_sales' | 'refunded_sales', value: string, paidSales: string | null): string {
  const articles = paidSales
    ? `, articles as (update article a set paid_sales = ${paidSales} from (select article_id, sum(amount) as amount from cards group by article_id) s
                     where a.id = s.article_id and exists (select 1 from fresh) returning 1)`
    : '';
  return `fresh as (insert into content_order_event (event_id, counted_at) select ?, now() where exists (select 1 from cards) on conflict do nothing returning 1)
     ${articles}
     insert into content_card_day as c (article_id, block_id, day, ${column})
     select cards.article_id, cards.block_id, ${DAY}, ${value} from cards where exists (select 1 from fresh)
     on conflict (article_id, block_id, day) do update set ${column} = c.${column} + excluded.${column}`;
}

/** The card lines of the order, over articles that still exist. */
const CARD_LINES = `select ls.order_line_id, ls.article_id, ls.block_id from ${LINE_SOURCES} ls join article ar on ar.id = ls.article_id
                     where ls.order_id = ? and ls.kind = 'content_card'`;

export async function countPlaced(em: EntityManager, event: OrderEventMessage): Promise<void> {
  await run(
    em,
    `with cards as (select article_id, block_id, 0 as amount from (${CARD_LINES}) l group by article_id, block_id),
     ${counted('orders', '1', null)}`,
    [event.orderId, event.id, event.createdAt],
  );
}

export async function countPaid(em: EntityManager, event: OrderEventMessage): Promise<void> {
  await run(
    em,
    `with cards as (select l.article_id, l.block_id, sum(ol.total) as amount from (${CARD_LINES}) l join ${ORDER_LINES} ol on ol.id = l.order_line_id
                     group by l.article_id, l.block_id),
     ${counted('paid_sales', 'cards.amount', 'a.paid_sales + s.amount')}`,
    [event.orderId, event.id, event.createdAt],
  );
}

export async function countRefunded(em: EntityManager, event: OrderEventMessage): Promise<void> {
  const lines = ((event.payload as { lines?: { orderLineId: string; amount: number }[] }).lines ?? []).map((l) => ({
    order_line_id: l.orderLineId,
    amount: l.amount,
  }));
  if (lines.length === 0) return;
  await run(
    em,
    `with cards as (select l.article_id, l.block_id, sum(r.amount) as amount
                      from (${CARD_LINES}) l join json_to_recordset(?::json) as r(order_line_id uuid, amount int) on r.order_line_id = l.order_line_id
                     group by l.article_id, l.block_id),
     ${counted('refunded_sales', 'cards.amount', 'greatest(a.paid_sales - s.amount, 0)')}`,
    [event.orderId, JSON.stringify(lines), event.id, event.createdAt],
  );
}

/**
 * `order.created` for many orders at once: countPlaced's statement over all their events — each
 * event inserted once into content_order_event, and each card's day counting the events new to it.
 */
export async function countPlacedMany(em: EntityManager, events: readonly OrderEventMessage[]): Promise<void> {
  const placed = JSON.stringify(events.map((e) => ({ event_id: e.id, order_id: e.orderId, created_at: e.createdAt })));
  const orders = uuids([...new Set(events.map((e) => e.orderId))]);
  // The orders' ids as an array too: the card lines are then found by index, the orders' own lines
  // only, whatever the planner guesses of json_to_recordset's rows (it guessed 100 and scanned every line).
  await run(
    em,
    `with placed as (select * from json_to_recordset(?::json) as p(event_id bigint, order_id uuid, created_at timestamptz)),
     cards as (select p.event_id, p.created_at, ls.article_id, ls.block_id
                 from placed p join ${LINE_SOURCES} ls on ls.order_id = p.order_id and ls.kind = 'content_card' join article ar on ar.id = ls.article_id
                where ls.order_id = any(${orders.text})
                group by p.event_id, p.created_at, ls.article_id, ls.block_id),
     fresh as (insert into content_order_event (event_id, counted_at) select distinct event_id, now() from cards order by event_id on conflict do nothing returning event_id)
     insert into content_card_day as c (article_id, block_id, day, orders)
     select article_id, block_id, (created_at at time zone '${CONTENT_TIME_ZONE}')::date, count(*) from cards where event_id in (select event_id from fresh)
      group by 1, 2, 3
     on conflict (article_id, block_id, day) do update set orders = c.orders + excluded.orders`,
    [placed, ...orders.values],
  );
}

export const countPlacedOrder: OrderEventSubscriber = (event, em) => countPlaced(em, event);
export const countPlacedOrders: OrderEventBatchSubscriber = (events, em) => countPlacedMany(em, events);
export const countPaidOrder: OrderEventSubscriber = (event, em) => countPaid(em, event);
export const countRefundedOrder: OrderEventSubscriber = (event, em) => countRefunded(em, event);
