import { Migration } from '@mikro-orm/migrations';

/** Assist-for-free: campaigns, links (one per paid order), assists, usage. */
export class Migration20261207021000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "assist_campaign_status" as enum ('active', 'ended');`);
    this.addSql(`create type "assist_link_status" as enum ('open', 'completed', 'refunded', 'expired', 'ended');`);
    this.addSql(
      `create table "assist_campaign" ("id" uuid not null, "product_id" uuid not null, "name" text not null, "helpers_needed" int not null, "time_limit_seconds" int not null, "new_customers_only" boolean not null default false, "links_per_customer" int not null default 1, "storefront_app_ids" text[] not null default '{}', "starts_at" timestamptz not null, "ends_at" timestamptz not null, "status" "assist_campaign_status" not null default 'active', "created_at" timestamptz not null, constraint "assist_campaign_pkey" primary key ("id"), constraint assist_campaign_window check (ends_at > starts_at), constraint assist_campaign_limits check (helpers_needed >= 1 and helpers_needed <= 50 and time_limit_seconds >= 60 and links_per_customer >= 1));`,
    );
    this.addSql(`create index "assist_campaign_product_id_index" on "assist_campaign" ("product_id");`);
    this.addSql(`create index "assist_campaign_created" on "assist_campaign" ("created_at", "id");`);
    this.addSql(
      `create table "assist_usage" ("campaign_id" uuid not null, "customer_id" uuid not null, "links" int not null default 0, constraint "assist_usage_pkey" primary key ("campaign_id", "customer_id"), constraint assist_usage_non_negative check (links >= 0));`,
    );
    this.addSql(`create index "assist_usage_customer_id_index" on "assist_usage" ("customer_id");`);
    this.addSql(
      `create table "assist_link" ("id" uuid not null, "campaign_id" uuid not null, "order_id" uuid not null, "buyer_id" uuid not null, "share_token" text not null, "helpers_needed" int not null, "assists_count" int not null default 0, "status" "assist_link_status" not null default 'open', "expires_at" timestamptz not null, "completed_at" timestamptz null, "refund_id" uuid null, "refund_amount" int null, "created_at" timestamptz not null, constraint "assist_link_pkey" primary key ("id"), constraint assist_link_refund_when_refunded check ((status = 'refunded') = (refund_id is not null)), constraint assist_link_complete_full check (completed_at is null or assists_count = helpers_needed), constraint assist_link_completed_when check ((status <> 'completed' and status <> 'refunded') or completed_at is not null), constraint assist_link_count_within check (assists_count >= 0 and assists_count <= helpers_needed));`,
    );
    this.addSql(`alter table "assist_link" add constraint "assist_link_order_id_unique" unique ("order_id");`);
    this.addSql(`alter table "assist_link" add constraint "assist_link_share_token_unique" unique ("share_token");`);
    this.addSql(`alter table "assist_link" add constraint "assist_link_refund_id_unique" unique ("refund_id");`);
    this.addSql(`create index "assist_link_refund_due" on "assist_link" ("completed_at") where "status" = 'completed';`);
    this.addSql(`create index "assist_link_due" on "assist_link" ("expires_at") where "status" = 'open';`);
    this.addSql(`create index "assist_link_by_campaign" on "assist_link" ("campaign_id", "created_at", "id");`);
    this.addSql(`create index "assist_link_buyer_created" on "assist_link" ("buyer_id", "created_at", "id");`);
    this.addSql(
      `create table "assist" ("id" uuid not null, "link_id" uuid not null, "friend_id" uuid not null, "buyer_id" uuid not null, "created_at" timestamptz not null, constraint "assist_pkey" primary key ("id"), constraint assist_not_buyer check (friend_id <> buyer_id));`,
    );
    this.addSql(`create index "assist_friend_id_index" on "assist" ("friend_id");`);
    this.addSql(`create index "assist_buyer_id_index" on "assist" ("buyer_id");`);
    this.addSql(`alter table "assist" add constraint "assist_once" unique ("link_id", "friend_id");`);
    this.addSql(
      `alter table "assist_campaign" add constraint "assist_campaign_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "assist_usage" add constraint "assist_usage_campaign_id_foreign" foreign key ("campaign_id") references "assist_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "assist_usage" add constraint "assist_usage_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "assist_link" add constraint "assist_link_campaign_id_foreign" foreign key ("campaign_id") references "assist_campaign" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "assist_link" add constraint "assist_link_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "assist_link" add constraint "assist_link_buyer_id_foreign" foreign key ("buyer_id") references "account" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "assist" add constraint "assist_link_id_foreign" foreign key ("link_id") references "assist_link" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "assist" add constraint "assist_friend_id_foreign" foreign key ("friend_id") references "account" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "assist" add constraint "assist_buyer_id_foreign" foreign key ("buyer_id") references "account" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "assist" cascade;`);
    this.addSql(`drop table if exists "assist_usage" cascade;`);
    this.addSql(`drop table if exists "assist_link" cascade;`);
    this.addSql(`drop table if exists "assist_campaign" cascade;`);
    this.addSql(`drop type "assist_link_status";`);
    this.addSql(`drop type "assist_campaign_status";`);
  }
}
