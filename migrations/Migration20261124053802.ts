import { Migration } from '@mikro-orm/migrations';

export class Migration20261124053802 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "group_buy_campaign_status" as enum ('active', 'ended');`);
    this.addSql(`create type "bargain_campaign_status" as enum ('active', 'ended');`);
    this.addSql(`create type "group_buy_session_status" as enum ('opening', 'open', 'succeeded', 'failed', 'cancelled');`);
    this.addSql(`create type "group_buy_member_status" as enum ('reserved', 'paid', 'cancelled', 'late_payment_refunded', 'refund_due', 'refunded');`);
    this.addSql(`create type "bargain_status" as enum ('active', 'ordered', 'purchased', 'expired');`);
    this.addSql(
      `create table "group_buy_campaign" ("id" uuid not null, "product_id" uuid not null, "name" text not null, "size" int not null, "session_seconds" int not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "per_customer_limit" int not null default 1, "max_quantity" int not null default 1, "new_customers_only" boolean not null default false, "leader_discount" int not null default 0, "auto_fill_percent" int null, "status" "group_buy_campaign_status" not null default 'active', "created_at" timestamptz not null, "ended_at" timestamptz null, constraint "group_buy_campaign_pkey" primary key ("id"), constraint group_buy_campaign_auto_fill check (auto_fill_percent is null or (auto_fill_percent >= 1 and auto_fill_percent <= 99)), constraint group_buy_campaign_limits check (per_customer_limit >= 1 and max_quantity >= 1 and max_quantity <= 999 and leader_discount >= 0), constraint group_buy_campaign_window check (ends_at > starts_at), constraint group_buy_campaign_session_time check (session_seconds >= 60 and session_seconds <= 2592000), constraint group_buy_campaign_size check (size >= 2 and size <= 20));`,
    );
    this.addSql(`create index "group_buy_campaign_product_id_index" on "group_buy_campaign" ("product_id");`);
    this.addSql(`create index "group_buy_campaign_created" on "group_buy_campaign" ("created_at", "id");`);

    this.addSql(
      `create table "group_buy_campaign_sku" ("id" uuid not null, "campaign_id" uuid not null, "sku_id" uuid not null, "group_price" int not null, constraint "group_buy_campaign_sku_pkey" primary key ("id"), constraint group_buy_campaign_sku_price check (group_price > 0));`,
    );
    this.addSql(`create index "group_buy_campaign_sku_sku_id_index" on "group_buy_campaign_sku" ("sku_id");`);
    this.addSql(`alter table "group_buy_campaign_sku" add constraint "group_buy_campaign_sku_once" unique ("campaign_id", "sku_id");`);

    this.addSql(
      `create table "bargain_campaign" ("id" uuid not null, "sku_id" uuid not null, "name" text not null, "start_price" int not null, "floor_price" int not null, "helpers_needed" int not null, "time_limit_seconds" int not null, "stock" int not null, "per_customer_limit" int not null default 1, "buy_at_floor_only" boolean not null default true, "new_helper_boost_percent" int not null default 100, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "status" "bargain_campaign_status" not null default 'active', "created_at" timestamptz not null, constraint "bargain_campaign_pkey" primary key ("id"), constraint bargain_campaign_window check (ends_at > starts_at), constraint bargain_campaign_limits check (stock >= 0 and per_customer_limit >= 1 and time_limit_seconds >= 60 and new_helper_boost_percent >= 100 and new_helper_boost_percent <= 300), constraint bargain_campaign_helpers check (helpers_needed >= 1 and helpers_needed <= 100 and start_price - floor_price >= helpers_needed), constraint bargain_campaign_prices check (floor_price >= 0 and start_price > floor_price));`,
    );
    this.addSql(`create index "bargain_campaign_sku_id_index" on "bargain_campaign" ("sku_id");`);
    this.addSql(`create index "bargain_campaign_created" on "bargain_campaign" ("created_at", "id");`);

    this.addSql(
      `create table "group_buy_usage" ("campaign_id" uuid not null, "customer_id" uuid not null, "joined" int not null default 0, constraint "group_buy_usage_pkey" primary key ("campaign_id", "customer_id"), constraint group_buy_usage_non_negative check (joined >= 0));`,
    );
    this.addSql(`create index "group_buy_usage_customer_id_index" on "group_buy_usage" ("customer_id");`);

    this.addSql(
      `create table "group_buy_session" ("id" uuid not null, "campaign_id" uuid not null, "product_id" uuid not null, "leader_id" uuid not null, "share_token" text not null, "size" int not null, "reserved" int not null default 0, "paid" int not null default 0, "status" "group_buy_session_status" not null default 'opening', "opened_at" timestamptz not null, "expires_at" timestamptz not null, "closed_at" timestamptz null, constraint "group_buy_session_pkey" primary key ("id"), constraint group_buy_session_succeeded check (status <> 'succeeded' or paid >= 1), constraint group_buy_session_seats check (paid >= 0 and paid <= reserved and reserved <= size));`,
    );
    this.addSql(`create index "group_buy_session_product_id_index" on "group_buy_session" ("product_id");`);
    this.addSql(`create index "group_buy_session_leader_id_index" on "group_buy_session" ("leader_id");`);
    this.addSql(`alter table "group_buy_session" add constraint "group_buy_session_share_token_unique" unique ("share_token");`);
    this.addSql(`create index "group_buy_session_joinable" on "group_buy_session" ("product_id", "expires_at", "id") where "status" = 'open';`);
    this.addSql(`create index "group_buy_session_due" on "group_buy_session" ("expires_at") where "status" in ('opening', 'open');`);
    this.addSql(`create index "group_buy_session_campaign" on "group_buy_session" ("campaign_id", "opened_at", "id");`);

    this.addSql(
      `create table "group_buy_member" ("id" uuid not null, "session_id" uuid not null, "campaign_id" uuid not null, "customer_id" uuid not null, "order_id" uuid not null, "is_leader" boolean not null default false, "status" "group_buy_member_status" not null default 'reserved', "active" boolean not null default true, "refund_id" uuid null, "joined_at" timestamptz not null, "paid_at" timestamptz null, "closed_at" timestamptz null, constraint "group_buy_member_pkey" primary key ("id"), constraint group_buy_member_active check (not active or status = 'reserved' or status = 'paid'), constraint group_buy_member_refunded check ((status = 'refunded') = (refund_id is not null)));`,
    );
    this.addSql(`create index "group_buy_member_campaign_id_index" on "group_buy_member" ("campaign_id");`);
    this.addSql(`alter table "group_buy_member" add constraint "group_buy_member_order_id_unique" unique ("order_id");`);
    this.addSql(`alter table "group_buy_member" add constraint "group_buy_member_refund_id_unique" unique ("refund_id");`);
    this.addSql(`create index "group_buy_member_refund_due" on "group_buy_member" ("id") where "status" = 'refund_due';`);
    this.addSql(`create index "group_buy_member_session" on "group_buy_member" ("session_id", "joined_at", "id");`);
    this.addSql(`create index "group_buy_member_customer_joined" on "group_buy_member" ("customer_id", "joined_at", "id");`);
    this.addSql(`create unique index "group_buy_member_one_open_session" on "group_buy_member" ("campaign_id", "customer_id") where "active";`);
    this.addSql(`create unique index "group_buy_member_once_per_session" on "group_buy_member" ("session_id", "customer_id") where "status" <> 'cancelled';`);

    this.addSql(
      `create table "bargain_usage" ("campaign_id" uuid not null, "customer_id" uuid not null, "started" int not null default 0, constraint "bargain_usage_pkey" primary key ("campaign_id", "customer_id"), constraint bargain_usage_non_negative check (started >= 0));`,
    );
    this.addSql(`create index "bargain_usage_customer_id_index" on "bargain_usage" ("customer_id");`);

    this.addSql(
      `create table "bargain" ("id" uuid not null, "campaign_id" uuid not null, "starter_id" uuid not null, "share_token" text not null, "start_price" int not null, "floor_price" int not null, "current_price" int not null, "cut_total" int not null default 0, "helpers_needed" int not null, "helpers_count" int not null default 0, "status" "bargain_status" not null default 'active', "expires_at" timestamptz not null, "order_id" uuid null, "created_at" timestamptz not null, constraint "bargain_pkey" primary key ("id"), constraint bargain_order_when_bought check ((status = 'ordered' or status = 'purchased') = (order_id is not null)), constraint bargain_helpers_within check (helpers_count >= 0 and helpers_count <= helpers_needed), constraint bargain_cuts_add_up check (cut_total = start_price - current_price), constraint bargain_price_within check (current_price >= floor_price and current_price <= start_price));`,
    );
    this.addSql(`alter table "bargain" add constraint "bargain_share_token_unique" unique ("share_token");`);
    this.addSql(`alter table "bargain" add constraint "bargain_order_id_unique" unique ("order_id");`);
    this.addSql(`create index "bargain_due" on "bargain" ("expires_at") where "status" = 'active';`);
    this.addSql(`create index "bargain_by_campaign_created" on "bargain" ("campaign_id", "created_at", "id");`);
    this.addSql(`create index "bargain_starter_created" on "bargain" ("starter_id", "created_at", "id");`);

    this.addSql(
      `create table "bargain_cut" ("id" uuid not null, "bargain_id" uuid not null, "helper_id" uuid not null, "starter_id" uuid not null, "amount" int not null, "boosted" boolean not null default false, "created_at" timestamptz not null, constraint "bargain_cut_pkey" primary key ("id"), constraint bargain_cut_amount check (amount > 0), constraint bargain_cut_not_starter check (helper_id <> starter_id));`,
    );
    this.addSql(`create index "bargain_cut_helper_id_index" on "bargain_cut" ("helper_id");`);
    this.addSql(`create index "bargain_cut_starter_id_index" on "bargain_cut" ("starter_id");`);
    this.addSql(`alter table "bargain_cut" add constraint "bargain_cut_once" unique ("bargain_id", "helper_id");`);

    this.addSql(
      `alter table "group_buy_campaign" add constraint "group_buy_campaign_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "group_buy_campaign_sku" add constraint "group_buy_campaign_sku_campaign_id_foreign" foreign key ("campaign_id") references "group_buy_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "group_buy_campaign_sku" add constraint "group_buy_campaign_sku_sku_id_foreign" foreign key ("sku_id") references "sku" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "bargain_campaign" add constraint "bargain_campaign_sku_id_foreign" foreign key ("sku_id") references "sku" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "group_buy_usage" add constraint "group_buy_usage_campaign_id_foreign" foreign key ("campaign_id") references "group_buy_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "group_buy_usage" add constraint "group_buy_usage_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "group_buy_session" add constraint "group_buy_session_campaign_id_foreign" foreign key ("campaign_id") references "group_buy_campaign" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "group_buy_session" add constraint "group_buy_session_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "group_buy_session" add constraint "group_buy_session_leader_id_foreign" foreign key ("leader_id") references "account" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "group_buy_member" add constraint "group_buy_member_session_id_foreign" foreign key ("session_id") references "group_buy_session" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "group_buy_member" add constraint "group_buy_member_campaign_id_foreign" foreign key ("campaign_id") references "group_buy_campaign" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "group_buy_member" add constraint "group_buy_member_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "group_buy_member" add constraint "group_buy_member_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "bargain_usage" add constraint "bargain_usage_campaign_id_foreign" foreign key ("campaign_id") references "bargain_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "bargain_usage" add constraint "bargain_usage_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "bargain" add constraint "bargain_campaign_id_foreign" foreign key ("campaign_id") references "bargain_campaign" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "bargain" add constraint "bargain_starter_id_foreign" foreign key ("starter_id") references "account" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "bargain" add constraint "bargain_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "bargain_cut" add constraint "bargain_cut_bargain_id_foreign" foreign key ("bargain_id") references "bargain" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "bargain_cut" add constraint "bargain_cut_helper_id_foreign" foreign key ("helper_id") references "account" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "bargain_cut" add constraint "bargain_cut_starter_id_foreign" foreign key ("starter_id") references "account" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(`alter table "customer_order" add column "fulfilment_hold" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "group_buy_campaign_sku" drop constraint "group_buy_campaign_sku_campaign_id_foreign";`);

    this.addSql(`alter table "group_buy_usage" drop constraint "group_buy_usage_campaign_id_foreign";`);

    this.addSql(`alter table "group_buy_session" drop constraint "group_buy_session_campaign_id_foreign";`);

    this.addSql(`alter table "group_buy_member" drop constraint "group_buy_member_campaign_id_foreign";`);

    this.addSql(`alter table "bargain_usage" drop constraint "bargain_usage_campaign_id_foreign";`);

    this.addSql(`alter table "bargain" drop constraint "bargain_campaign_id_foreign";`);

    this.addSql(`alter table "group_buy_member" drop constraint "group_buy_member_session_id_foreign";`);

    this.addSql(`alter table "bargain_cut" drop constraint "bargain_cut_bargain_id_foreign";`);

    this.addSql(`drop table if exists "group_buy_campaign" cascade;`);

    this.addSql(`drop table if exists "group_buy_campaign_sku" cascade;`);

    this.addSql(`drop table if exists "bargain_campaign" cascade;`);

    this.addSql(`drop table if exists "group_buy_usage" cascade;`);

    this.addSql(`drop table if exists "group_buy_session" cascade;`);

    this.addSql(`drop table if exists "group_buy_member" cascade;`);

    this.addSql(`drop table if exists "bargain_usage" cascade;`);

    this.addSql(`drop table if exists "bargain" cascade;`);

    this.addSql(`drop table if exists "bargain_cut" cascade;`);

    this.addSql(`alter table "customer_order" drop column "fulfilment_hold";`);

    this.addSql(`drop type "group_buy_campaign_status";`);
    this.addSql(`drop type "bargain_campaign_status";`);
    this.addSql(`drop type "group_buy_session_status";`);
    this.addSql(`drop type "group_buy_member_status";`);
    this.addSql(`drop type "bargain_status";`);
  }
}
