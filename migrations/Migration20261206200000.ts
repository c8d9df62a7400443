import { Migration } from '@mikro-orm/migrations';

/** Each order line's source and why it won (order_line_attribution), and the order events the content funnel has counted. */
export class Migration20261206200000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "line_source_kind" as enum ('content_card', 'shop_link', 'product_link', 'live_session', 'buy_button', 'inviter', 'none');`);
    this.addSql(`create type "line_source_reason" as enum ('token_at_checkout', 'last_touch', 'bound_inviter', 'no_source');`);
    this.addSql(
      `create table "content_order_event" ("event_id" bigint not null, "counted_at" timestamptz not null, constraint "content_order_event_pkey" primary key ("event_id"));`,
    );

    this.addSql(
      `create table "order_line_attribution" ("order_line_id" uuid not null, "order_id" uuid not null, "kind" "line_source_kind" not null, "reason" "line_source_reason" not null, "reason_text" text not null, "share_token_id" uuid null, "sharer_id" uuid null, "article_id" uuid null, "block_id" uuid null, "card_position" smallint null, "article_title" text null, "touched_at" timestamptz null, constraint "order_line_attribution_pkey" primary key ("order_line_id"), constraint order_line_attribution_card check ((kind = 'content_card') = (article_id is not null and block_id is not null and card_position is not null)));`,
    );
    this.addSql(`create index "order_line_attribution_order_id_index" on "order_line_attribution" ("order_id");`);
    this.addSql(`create index "order_line_attribution_share_token_id_index" on "order_line_attribution" ("share_token_id");`);
    this.addSql(`create index "order_line_attribution_sharer_id_index" on "order_line_attribution" ("sharer_id");`);
    this.addSql(`create index "order_line_attribution_article" on "order_line_attribution" ("article_id") where "article_id" is not null;`);

    this.addSql(
      `alter table "order_line_attribution" add constraint "order_line_attribution_order_line_id_foreign" foreign key ("order_line_id") references "order_line" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "order_line_attribution" add constraint "order_line_attribution_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "order_line_attribution" add constraint "order_line_attribution_share_token_id_foreign" foreign key ("share_token_id") references "share_token" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "order_line_attribution" add constraint "order_line_attribution_sharer_id_foreign" foreign key ("sharer_id") references "account" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "content_order_event" cascade;`);

    this.addSql(`drop table if exists "order_line_attribution" cascade;`);

    this.addSql(`drop type "line_source_kind";`);
    this.addSql(`drop type "line_source_reason";`);
  }
}
