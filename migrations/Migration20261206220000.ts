import { Migration } from '@mikro-orm/migrations';

/**
 * Live-stream commerce: sessions and the apps they show on, lineups with quotas carved from SKU stock,
 * numbered events and their per-session counter, viewers' presence and unique viewers.
 */
export class Migration20261206220000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "live_session_status" as enum ('scheduled', 'live', 'paused', 'ended', 'cancelled');`);
    this.addSql(`create type "live_item_status" as enum ('on_sale', 'off_sale', 'removed');`);
    this.addSql(
      `create type "live_event_type" as enum ('status', 'details', 'pinned', 'unpinned', 'item_added', 'item_changed', 'item_removed', 'price', 'stock', 'sold', 'viewers');`,
    );
    this.addSql(
      `create table "live_session" ("id" uuid not null, "host_id" uuid not null, "title" text not null, "cover_url" text null, "scheduled_start_at" timestamptz not null, "stream_url" text null, "replay_url" text null, "status" "live_session_status" not null default 'scheduled', "pinned_item_id" uuid null, "viewers" int not null default 0, "peak_viewers" int not null default 0, "viewers_counted_at" timestamptz null, "created_by_id" uuid null, "created_at" timestamptz not null, "started_at" timestamptz null, "ended_at" timestamptz null, constraint "live_session_pkey" primary key ("id"), constraint live_session_pinned check (pinned_item_id is null or status = 'live' or status = 'paused'), constraint live_session_ended check ((status = 'ended' or status = 'cancelled') = (ended_at is not null)), constraint live_session_started check (status = 'scheduled' or status = 'cancelled' or started_at is not null), constraint live_session_viewers check (viewers >= 0 and peak_viewers >= viewers));`,
    );
    this.addSql(`create index "live_session_pinned_item_id_index" on "live_session" ("pinned_item_id");`);
    this.addSql(`create index "live_session_created_by_id_index" on "live_session" ("created_by_id");`);
    this.addSql(`create index "live_session_ended_at" on "live_session" ("ended_at") where "ended_at" is not null;`);
    this.addSql(`create index "live_session_by_status" on "live_session" ("status", "scheduled_start_at", "id");`);
    this.addSql(`create index "live_session_by_host" on "live_session" ("host_id", "scheduled_start_at", "id");`);
    this.addSql(`create index "live_session_schedule" on "live_session" ("scheduled_start_at", "id");`);

    this.addSql(
      `create table "live_viewer" ("connection_id" uuid not null, "session_id" uuid not null, "viewer" text not null, "process_id" uuid not null, "heartbeat_at" timestamptz not null, constraint "live_viewer_pkey" primary key ("connection_id"));`,
    );
    this.addSql(`create index "live_viewer_process" on "live_viewer" ("process_id");`);
    this.addSql(`create index "live_viewer_heartbeat" on "live_viewer" ("heartbeat_at");`);
    this.addSql(`create index "live_viewer_session" on "live_viewer" ("session_id", "viewer");`);

    this.addSql(
      `create table "live_session_viewer" ("session_id" uuid not null, "viewer" text not null, "first_seen_at" timestamptz not null, constraint "live_session_viewer_pkey" primary key ("session_id", "viewer"));`,
    );

    this.addSql(
      `create table "live_session_app" ("session_id" uuid not null, "app_id" uuid not null, constraint "live_session_app_pkey" primary key ("session_id", "app_id"));`,
    );
    this.addSql(`create index "live_session_app_by_app" on "live_session_app" ("app_id", "session_id");`);

    this.addSql(
      `create table "live_item" ("id" uuid not null, "session_id" uuid not null, "sku_id" uuid not null, "product_id" uuid not null, "live_price" int not null, "quota_left" int not null default 0, "sold" int not null default 0, "per_customer_limit" int null, "position" int not null, "status" "live_item_status" not null default 'on_sale', "created_at" timestamptz not null, "removed_at" timestamptz null, constraint "live_item_pkey" primary key ("id"), constraint live_item_removed check (status <> 'removed' or quota_left = 0), constraint live_item_limit check (per_customer_limit is null or per_customer_limit >= 1), constraint live_item_price check (live_price > 0), constraint live_item_quota check (quota_left >= 0 and sold >= 0));`,
    );
    this.addSql(`create index "live_item_sku_id_index" on "live_item" ("sku_id");`);
    this.addSql(`create index "live_item_product_id_index" on "live_item" ("product_id");`);
    this.addSql(`create unique index "live_item_sku_once" on "live_item" ("session_id", "sku_id") where "status" <> 'removed';`);
    this.addSql(`create index "live_item_lineup" on "live_item" ("session_id", "position", "id");`);

    this.addSql(
      `create table "live_event_counter" ("session_id" uuid not null, "last_seq" bigint not null default 0, constraint "live_event_counter_pkey" primary key ("session_id"), constraint live_event_counter_seq check (last_seq >= 0));`,
    );

    this.addSql(
      `create table "live_event" ("session_id" uuid not null, "seq" bigint not null, "type" "live_event_type" not null, "data" jsonb not null, "at" timestamptz not null, constraint "live_event_pkey" primary key ("session_id", "seq"), constraint live_event_seq check (seq >= 1));`,
    );

    this.addSql(
      `alter table "live_session" add constraint "live_session_host_id_foreign" foreign key ("host_id") references "account" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "live_session" add constraint "live_session_pinned_item_id_foreign" foreign key ("pinned_item_id") references "live_item" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "live_session" add constraint "live_session_created_by_id_foreign" foreign key ("created_by_id") references "account" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "live_viewer" add constraint "live_viewer_session_id_foreign" foreign key ("session_id") references "live_session" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "live_session_viewer" add constraint "live_session_viewer_session_id_foreign" foreign key ("session_id") references "live_session" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "live_session_app" add constraint "live_session_app_session_id_foreign" foreign key ("session_id") references "live_session" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "live_session_app" add constraint "live_session_app_app_id_foreign" foreign key ("app_id") references "storefront_app" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "live_item" add constraint "live_item_session_id_foreign" foreign key ("session_id") references "live_session" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "live_item" add constraint "live_item_sku_id_foreign" foreign key ("sku_id") references "sku" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "live_item" add constraint "live_item_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "live_event_counter" add constraint "live_event_counter_session_id_foreign" foreign key ("session_id") references "live_session" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "live_event" add constraint "live_event_session_id_foreign" foreign key ("session_id") references "live_session" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "live_viewer" drop constraint "live_viewer_session_id_foreign";`);

    this.addSql(`alter table "live_session_viewer" drop constraint "live_session_viewer_session_id_foreign";`);

    this.addSql(`alter table "live_session_app" drop constraint "live_session_app_session_id_foreign";`);

    this.addSql(`alter table "live_item" drop constraint "live_item_session_id_foreign";`);

    this.addSql(`alter table "live_event_counter" drop constraint "live_event_counter_session_id_foreign";`);

    this.addSql(`alter table "live_event" drop constraint "live_event_session_id_foreign";`);

    this.addSql(`alter table "live_session" drop constraint "live_session_pinned_item_id_foreign";`);

    this.addSql(`drop table if exists "live_session" cascade;`);

    this.addSql(`drop table if exists "live_viewer" cascade;`);

    this.addSql(`drop table if exists "live_session_viewer" cascade;`);

    this.addSql(`drop table if exists "live_session_app" cascade;`);

    this.addSql(`drop table if exists "live_item" cascade;`);

    this.addSql(`drop table if exists "live_event_counter" cascade;`);

    this.addSql(`drop table if exists "live_event" cascade;`);

    this.addSql(`drop type "live_session_status";`);
    this.addSql(`drop type "live_item_status";`);
    this.addSql(`drop type "live_event_type";`);
  }
}
