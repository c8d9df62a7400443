import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes that keep two outbox reads short whatever vacuum has or has not done yet.
 *
 * - order_event_undelivered (id) where undelivered: the dispatcher walks it in id order and stops
 *   after a round's events. A plain index scan marks the entries of delivered events it passes as
 *   dead (PostgreSQL's "kill_prior_tuple"), so the next round skips them; the old plan, a bitmap scan
 *   of order_event_pending, visited every entry not yet vacuumed (measured: 29 ms per round with
 *   autovacuum off after 177,000 deliveries, against 0.1 ms). It replaces order_event_pending
 *   (order_id, id): whether an event's order has an older undelivered one is read through the order's
 *   own index, order_event_order_id_index, among the order's few events.
 * - order_line_attribution_card_order (order_id) of content-card lines only: the content funnel
 *   finds a dispatch round's card lines there, the few lines that came through a card, instead of
 *   scanning every line's source (the planner chose a sequential scan once a round held ~90 orders).
 */
export class Migration20261210000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "order_event_undelivered" on "order_event" ("id") where "delivered_at" is null;`);
    this.addSql(`drop index if exists "order_event_pending";`);
    this.addSql(`create index "order_line_attribution_card_order" on "order_line_attribution" ("order_id") where "kind" = 'content_card';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "order_line_attribution_card_order";`);
    this.addSql(`create index "order_event_pending" on "order_event" ("order_id", "id") where "delivered_at" is null;`);
    this.addSql(`drop index if exists "order_event_undelivered";`);
  }
}
