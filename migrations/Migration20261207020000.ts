import { Migration } from '@mikro-orm/migrations';

/** Red-packet split: campaigns, packets, members, usage; a coupon may carry its own amount off (a share). */
export class Migration20261207020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "red_packet_campaign_status" as enum ('active', 'ended');`);
    this.addSql(`create type "red_packet_status" as enum ('open', 'completed', 'expired');`);
    this.addSql(
      `create table "red_packet_campaign" ("id" uuid not null, "name" text not null, "total_amount" int not null, "shares" int not null, "minimum_share" int not null, "time_limit_seconds" int not null, "opens_per_customer" int not null default 1, "joins_per_customer" int not null default 1, "share_template_id" uuid not null, "consolation_template_id" uuid null, "storefront_app_ids" text[] not null default '{}', "starts_at" timestamptz not null, "ends_at" timestamptz not null, "status" "red_packet_campaign_status" not null default 'active', "seed" text not null, "seed_commitment" text not null, "created_at" timestamptz not null, constraint "red_packet_campaign_pkey" primary key ("id"), constraint red_packet_campaign_window check (ends_at > starts_at), constraint red_packet_campaign_limits check (time_limit_seconds >= 60 and opens_per_customer >= 1 and joins_per_customer >= 1), constraint red_packet_campaign_split check (shares >= 2 and shares <= 100 and minimum_share >= 1 and total_amount >= shares * minimum_share));`,
    );
    this.addSql(`create index "red_packet_campaign_created" on "red_packet_campaign" ("created_at", "id");`);
    this.addSql(
      `create table "red_packet_usage" ("campaign_id" uuid not null, "customer_id" uuid not null, "opened" int not null default 0, "joined" int not null default 0, constraint "red_packet_usage_pkey" primary key ("campaign_id", "customer_id"), constraint red_packet_usage_non_negative check (opened >= 0 and joined >= 0));`,
    );
    this.addSql(`create index "red_packet_usage_customer_id_index" on "red_packet_usage" ("customer_id");`);
    this.addSql(
      `create table "red_packet" ("id" uuid not null, "campaign_id" uuid not null, "opener_id" uuid not null, "share_token" text not null, "storefront_app_id" uuid not null, "total_amount" int not null, "shares" int not null, "minimum_share" int not null, "joins_count" int not null default 1, "status" "red_packet_status" not null default 'open', "expires_at" timestamptz not null, "completed_at" timestamptz null, "consolation_coupon_id" uuid null, "consolation_amount" int null, "created_at" timestamptz not null, constraint "red_packet_pkey" primary key ("id"), constraint red_packet_completed_full check ((status = 'completed') = (completed_at is not null) and (status <> 'completed' or joins_count = shares)), constraint red_packet_joins_within check (joins_count >= 1 and joins_count <= shares));`,
    );
    this.addSql(`alter table "red_packet" add constraint "red_packet_share_token_unique" unique ("share_token");`);
    this.addSql(`create index "red_packet_due" on "red_packet" ("expires_at") where "status" = 'open';`);
    this.addSql(`create index "red_packet_open_by_campaign" on "red_packet" ("campaign_id") where "status" = 'open';`);
    this.addSql(`create index "red_packet_by_campaign" on "red_packet" ("campaign_id", "created_at", "id");`);
    this.addSql(`create index "red_packet_opener_created" on "red_packet" ("opener_id", "created_at", "id");`);
    this.addSql(
      `create table "red_packet_member" ("id" uuid not null, "packet_id" uuid not null, "customer_id" uuid not null, "position" int not null, "share_amount" int null, "coupon_id" uuid null, "joined_at" timestamptz not null, constraint "red_packet_member_pkey" primary key ("id"), constraint red_packet_member_share check (position >= 0 and (share_amount is null or share_amount >= 1)));`,
    );
    this.addSql(`create index "red_packet_member_customer_id_index" on "red_packet_member" ("customer_id");`);
    this.addSql(`alter table "red_packet_member" add constraint "red_packet_member_position" unique ("packet_id", "position");`);
    this.addSql(`alter table "red_packet_member" add constraint "red_packet_member_once" unique ("packet_id", "customer_id");`);
    this.addSql(
      `alter table "red_packet_usage" add constraint "red_packet_usage_campaign_id_foreign" foreign key ("campaign_id") references "red_packet_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "red_packet_usage" add constraint "red_packet_usage_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "red_packet" add constraint "red_packet_campaign_id_foreign" foreign key ("campaign_id") references "red_packet_campaign" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "red_packet" add constraint "red_packet_opener_id_foreign" foreign key ("opener_id") references "account" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "red_packet_member" add constraint "red_packet_member_packet_id_foreign" foreign key ("packet_id") references "red_packet" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "red_packet_member" add constraint "red_packet_member_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(`alter table "coupon" add column "amount_off" int null;`);
    this.addSql(`alter table "coupon" add constraint coupon_own_amount check(amount_off is null or amount_off >= 1);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "red_packet_member" cascade;`);
    this.addSql(`drop table if exists "red_packet_usage" cascade;`);
    this.addSql(`drop table if exists "red_packet" cascade;`);
    this.addSql(`drop table if exists "red_packet_campaign" cascade;`);
    this.addSql(`drop type "red_packet_status";`);
    this.addSql(`drop type "red_packet_campaign_status";`);
    this.addSql(`alter table "coupon" drop constraint coupon_own_amount;`);
    this.addSql(`alter table "coupon" drop column "amount_off";`);
  }
}
