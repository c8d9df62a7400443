import { Migration } from '@mikro-orm/migrations';

export class Migration20261124055937 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "coupon_kind" as enum ('amount_off', 'percent_off');`);
    this.addSql(`create type "coupon_scope" as enum ('all', 'products', 'categories');`);
    this.addSql(`create type "coupon_validity" as enum ('fixed', 'days_after_claim');`);
    this.addSql(
      `create type "coupon_distribution" as enum ('claimable', 'grant_only', 'new_customer', 'invite_reward', 'membership_gift', 'sign_in_reward', 'share_pack');`,
    );
    this.addSql(`create type "coupon_status" as enum ('available', 'locked', 'used', 'expired', 'revoked');`);
    this.addSql(
      `create table "coupon_template" ("id" uuid not null, "name" text not null, "description" text not null default '', "kind" "coupon_kind" not null, "amount_off" int null, "percent_off_bp" int null, "max_discount" int null, "threshold" int not null default 0, "scope" "coupon_scope" not null default 'all', "product_ids" jsonb not null default '[]', "category_ids" jsonb not null default '[]', "validity" "coupon_validity" not null, "valid_from" timestamptz null, "valid_until" timestamptz null, "valid_days" int null, "total_quantity" int null, "issued" int not null default 0, "per_customer_limit" int not null default 1, "claim_starts_at" timestamptz null, "claim_ends_at" timestamptz null, "distribution" "coupon_distribution" not null, "ended_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "coupon_template_pkey" primary key ("id"), constraint coupon_template_claim_window check (claim_starts_at is null or claim_ends_at is null or claim_ends_at > claim_starts_at), constraint coupon_template_validity check ((validity = 'fixed' and valid_from is not null and valid_until > valid_from) or (validity = 'days_after_claim' and valid_days >= 1)), constraint coupon_template_caps check (threshold >= 0 and (max_discount is null or max_discount >= 1) and per_customer_limit >= 1), constraint coupon_template_amount check ((kind = 'amount_off' and amount_off >= 1 and percent_off_bp is null) or (kind = 'percent_off' and amount_off is null and percent_off_bp >= 1 and percent_off_bp <= 9999)), constraint coupon_template_total check (total_quantity is null or total_quantity >= 1), constraint coupon_template_issued check (issued >= 0 and (total_quantity is null or issued <= total_quantity)));`,
    );
    this.addSql(`create index "coupon_template_distribution" on "coupon_template" ("distribution", "ended_at");`);

    this.addSql(
      `create table "flash_slot" ("id" uuid not null, "name" text not null, "start_minute" int not null, "end_minute" int not null, "created_at" timestamptz not null, constraint "flash_slot_pkey" primary key ("id"), constraint flash_slot_times check (start_minute >= 0 and start_minute < end_minute and end_minute <= 1440));`,
    );
    this.addSql(`alter table "flash_slot" add constraint "flash_slot_no_overlap" exclude using gist (int4range("start_minute", "end_minute") with &&);`);

    this.addSql(
      `create table "full_reduction" ("id" uuid not null, "name" text not null, "basis" text not null, "tiers" jsonb not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "ended_at" timestamptz null, "created_at" timestamptz not null, constraint "full_reduction_pkey" primary key ("id"), constraint full_reduction_window check (ends_at > starts_at), constraint full_reduction_basis check (basis = 'amount' or basis = 'count'));`,
    );
    this.addSql(`create index "full_reduction_running" on "full_reduction" ("ended_at", "starts_at", "ends_at");`);

    this.addSql(
      `create table "full_reduction_order" ("order_id" uuid not null, "full_reduction_id" uuid not null, "amount_off" int not null, "gift_template_id" uuid null, "gift_coupon_id" uuid null, "gift_taken_back_at" timestamptz null, "created_at" timestamptz not null, constraint "full_reduction_order_pkey" primary key ("order_id"));`,
    );
    this.addSql(`create index "full_reduction_order_full_reduction_id_index" on "full_reduction_order" ("full_reduction_id");`);
    this.addSql(`create index "full_reduction_order_gift_coupon_id_index" on "full_reduction_order" ("gift_coupon_id");`);

    this.addSql(
      `create table "promotion_settings" ("id" int not null default 1, "time_zone" text not null default 'Asia/Shanghai', "updated_at" timestamptz not null, constraint "promotion_settings_pkey" primary key ("id"), constraint promotion_settings_single_row check (id = 1));`,
    );

    this.addSql(
      `create table "share_pack_campaign" ("id" uuid not null, "name" text not null, "template_id" uuid not null, "reward_template_id" uuid not null, "friends_needed" int not null, "pack_size" int not null, "ended_at" timestamptz null, "created_at" timestamptz not null, constraint "share_pack_campaign_pkey" primary key ("id"), constraint share_pack_campaign_sizes check (friends_needed >= 1 and pack_size >= friends_needed and pack_size <= 100));`,
    );
    this.addSql(`create index "share_pack_campaign_template_id_index" on "share_pack_campaign" ("template_id");`);
    this.addSql(`create index "share_pack_campaign_reward_template_id_index" on "share_pack_campaign" ("reward_template_id");`);

    this.addSql(
      `create table "sign_in_reward" ("streak_day" int not null, "template_id" uuid not null, constraint "sign_in_reward_pkey" primary key ("streak_day"), constraint sign_in_reward_day check (streak_day >= 1 and streak_day <= 365));`,
    );
    this.addSql(`create index "sign_in_reward_template_id_index" on "sign_in_reward" ("template_id");`);

    this.addSql(
      `create table "new_customer_price" ("id" uuid not null, "sku_id" uuid not null, "price" int not null, "ended_at" timestamptz null, "created_at" timestamptz not null, constraint "new_customer_price_pkey" primary key ("id"), constraint new_customer_price_positive check (price >= 1));`,
    );
    this.addSql(`create index "new_customer_price_sku_id_index" on "new_customer_price" ("sku_id");`);
    this.addSql(`create unique index "new_customer_price_one_per_sku" on "new_customer_price" ("sku_id") where "ended_at" is null;`);

    this.addSql(
      `create table "flash_sale" ("id" uuid not null, "slot_id" uuid not null, "sku_id" uuid not null, "flash_price" int not null, "flash_stock" int not null, "sold" int not null default 0, "per_customer_limit" int not null default 1, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "ended_at" timestamptz null, "created_at" timestamptz not null, constraint "flash_sale_pkey" primary key ("id"), constraint flash_sale_window check (ends_at > starts_at), constraint flash_sale_amounts check (flash_price >= 1 and flash_stock >= 0 and sold >= 0 and per_customer_limit >= 1));`,
    );
    this.addSql(`create index "flash_sale_slot_id_index" on "flash_sale" ("slot_id");`);
    this.addSql(`create index "flash_sale_sku_id_index" on "flash_sale" ("sku_id");`);
    this.addSql(`create index "flash_sale_window_index" on "flash_sale" ("starts_at", "ends_at");`);
    this.addSql(`create unique index "flash_sale_one_per_sku" on "flash_sale" ("sku_id") where "ended_at" is null;`);

    this.addSql(
      `create table "discount" ("id" uuid not null, "name" text not null, "sku_id" uuid not null, "percent_off_bp" int null, "amount_off" int null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "ended_at" timestamptz null, "created_at" timestamptz not null, constraint "discount_pkey" primary key ("id"), constraint discount_window check (ends_at > starts_at), constraint discount_amount check ((percent_off_bp is not null and percent_off_bp >= 1 and percent_off_bp <= 9999 and amount_off is null) or (amount_off is not null and amount_off >= 1 and percent_off_bp is null)));`,
    );
    this.addSql(`create index "discount_sku_id_index" on "discount" ("sku_id");`);
    this.addSql(`create unique index "discount_one_per_sku" on "discount" ("sku_id") where "ended_at" is null;`);

    this.addSql(
      `create table "sign_in" ("account_id" uuid not null, "day" date not null, "streak" int not null, "coupon_id" uuid null, "created_at" timestamptz not null, constraint "sign_in_pkey" primary key ("account_id", "day"), constraint sign_in_streak check (streak >= 1));`,
    );

    this.addSql(
      `create table "share_pack" ("id" uuid not null, "campaign_id" uuid not null, "sharer_id" uuid not null, "token" text not null, "claimed" int not null default 0, "reward_coupon_id" uuid null, "created_at" timestamptz not null, constraint "share_pack_pkey" primary key ("id"), constraint share_pack_claimed check (claimed >= 0));`,
    );
    this.addSql(`create index "share_pack_campaign_id_index" on "share_pack" ("campaign_id");`);
    this.addSql(`create index "share_pack_sharer_id_index" on "share_pack" ("sharer_id");`);
    this.addSql(`alter table "share_pack" add constraint "share_pack_token_unique" unique ("token");`);
    this.addSql(`alter table "share_pack" add constraint "share_pack_one_per_sharer" unique ("campaign_id", "sharer_id");`);

    this.addSql(
      `create table "share_pack_claim" ("campaign_id" uuid not null, "friend_id" uuid not null, "pack_id" uuid not null, "coupon_id" uuid not null, "created_at" timestamptz not null, constraint "share_pack_claim_pkey" primary key ("campaign_id", "friend_id"));`,
    );
    this.addSql(`create index "share_pack_claim_friend_id_index" on "share_pack_claim" ("friend_id");`);
    this.addSql(`create index "share_pack_claim_pack_id_index" on "share_pack_claim" ("pack_id");`);

    this.addSql(
      `create table "new_customer_redemption" ("account_id" uuid not null, "order_id" uuid not null, "created_at" timestamptz not null, constraint "new_customer_redemption_pkey" primary key ("account_id"));`,
    );
    this.addSql(`alter table "new_customer_redemption" add constraint "new_customer_redemption_order_id_unique" unique ("order_id");`);

    this.addSql(
      `create table "flash_sale_purchase" ("id" uuid not null, "flash_sale_id" uuid not null, "customer_id" uuid not null, "order_id" uuid not null, "quantity" int not null, "created_at" timestamptz not null, "returned_at" timestamptz null, constraint "flash_sale_purchase_pkey" primary key ("id"), constraint flash_sale_purchase_quantity check (quantity >= 1));`,
    );
    this.addSql(`create index "flash_sale_purchase_flash_sale_id_index" on "flash_sale_purchase" ("flash_sale_id");`);
    this.addSql(`create index "flash_sale_purchase_customer_id_index" on "flash_sale_purchase" ("customer_id");`);
    this.addSql(`create index "flash_sale_purchase_order_id_index" on "flash_sale_purchase" ("order_id");`);

    this.addSql(
      `create table "flash_sale_customer" ("flash_sale_id" uuid not null, "account_id" uuid not null, "bought" int not null, constraint "flash_sale_customer_pkey" primary key ("flash_sale_id", "account_id"), constraint flash_sale_customer_bought check (bought >= 0));`,
    );
    this.addSql(`create index "flash_sale_customer_account_id_index" on "flash_sale_customer" ("account_id");`);

    this.addSql(
      `create table "coupon_claim_count" ("template_id" uuid not null, "account_id" uuid not null, "claimed" int not null, constraint "coupon_claim_count_pkey" primary key ("template_id", "account_id"), constraint coupon_claim_count_positive check (claimed >= 0));`,
    );
    this.addSql(`create index "coupon_claim_count_account_id_index" on "coupon_claim_count" ("account_id");`);

    this.addSql(
      `create table "coupon" ("id" uuid not null, "template_id" uuid not null, "owner_id" uuid not null, "status" "coupon_status" not null default 'available', "valid_from" timestamptz not null, "valid_until" timestamptz not null, "order_id" uuid null, "issued_at" timestamptz not null, "locked_at" timestamptz null, "used_at" timestamptz null, constraint "coupon_pkey" primary key ("id"), constraint coupon_order_free check (order_id is null or status = 'locked' or status = 'used'), constraint coupon_order_held check (order_id is not null or status = 'available' or status = 'expired' or status = 'revoked'), constraint coupon_validity check (valid_until > valid_from));`,
    );
    this.addSql(`create index "coupon_template_id_index" on "coupon" ("template_id");`);
    this.addSql(`create index "coupon_owner_id_index" on "coupon" ("owner_id");`);
    this.addSql(`create index "coupon_expiring" on "coupon" ("valid_until") where "status" = 'available';`);
    this.addSql(`create unique index "coupon_one_per_order" on "coupon" ("order_id") where "order_id" is not null;`);
    this.addSql(`create index "coupon_template_status" on "coupon" ("template_id", "status");`);
    this.addSql(`create index "coupon_owner_status" on "coupon" ("owner_id", "status", "valid_until");`);

    this.addSql(
      `alter table "full_reduction_order" add constraint "full_reduction_order_full_reduction_id_foreign" foreign key ("full_reduction_id") references "full_reduction" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "share_pack_campaign" add constraint "share_pack_campaign_template_id_foreign" foreign key ("template_id") references "coupon_template" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "share_pack_campaign" add constraint "share_pack_campaign_reward_template_id_foreign" foreign key ("reward_template_id") references "coupon_template" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "sign_in_reward" add constraint "sign_in_reward_template_id_foreign" foreign key ("template_id") references "coupon_template" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "new_customer_price" add constraint "new_customer_price_sku_id_foreign" foreign key ("sku_id") references "sku" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "flash_sale" add constraint "flash_sale_slot_id_foreign" foreign key ("slot_id") references "flash_slot" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "flash_sale" add constraint "flash_sale_sku_id_foreign" foreign key ("sku_id") references "sku" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "discount" add constraint "discount_sku_id_foreign" foreign key ("sku_id") references "sku" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sign_in" add constraint "sign_in_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "share_pack" add constraint "share_pack_campaign_id_foreign" foreign key ("campaign_id") references "share_pack_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "share_pack" add constraint "share_pack_sharer_id_foreign" foreign key ("sharer_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "share_pack_claim" add constraint "share_pack_claim_campaign_id_foreign" foreign key ("campaign_id") references "share_pack_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "share_pack_claim" add constraint "share_pack_claim_friend_id_foreign" foreign key ("friend_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "share_pack_claim" add constraint "share_pack_claim_pack_id_foreign" foreign key ("pack_id") references "share_pack" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "new_customer_redemption" add constraint "new_customer_redemption_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "flash_sale_purchase" add constraint "flash_sale_purchase_flash_sale_id_foreign" foreign key ("flash_sale_id") references "flash_sale" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "flash_sale_purchase" add constraint "flash_sale_purchase_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "flash_sale_customer" add constraint "flash_sale_customer_flash_sale_id_foreign" foreign key ("flash_sale_id") references "flash_sale" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "flash_sale_customer" add constraint "flash_sale_customer_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "coupon_claim_count" add constraint "coupon_claim_count_template_id_foreign" foreign key ("template_id") references "coupon_template" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "coupon_claim_count" add constraint "coupon_claim_count_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "coupon" add constraint "coupon_template_id_foreign" foreign key ("template_id") references "coupon_template" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "coupon" add constraint "coupon_owner_id_foreign" foreign key ("owner_id") references "account" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "share_pack_campaign" drop constraint "share_pack_campaign_template_id_foreign";`);

    this.addSql(`alter table "share_pack_campaign" drop constraint "share_pack_campaign_reward_template_id_foreign";`);

    this.addSql(`alter table "sign_in_reward" drop constraint "sign_in_reward_template_id_foreign";`);

    this.addSql(`alter table "coupon_claim_count" drop constraint "coupon_claim_count_template_id_foreign";`);

    this.addSql(`alter table "coupon" drop constraint "coupon_template_id_foreign";`);

    this.addSql(`alter table "flash_sale" drop constraint "flash_sale_slot_id_foreign";`);

    this.addSql(`alter table "full_reduction_order" drop constraint "full_reduction_order_full_reduction_id_foreign";`);

    this.addSql(`alter table "share_pack" drop constraint "share_pack_campaign_id_foreign";`);

    this.addSql(`alter table "share_pack_claim" drop constraint "share_pack_claim_campaign_id_foreign";`);

    this.addSql(`alter table "flash_sale_purchase" drop constraint "flash_sale_purchase_flash_sale_id_foreign";`);

    this.addSql(`alter table "flash_sale_customer" drop constraint "flash_sale_customer_flash_sale_id_foreign";`);

    this.addSql(`alter table "share_pack_claim" drop constraint "share_pack_claim_pack_id_foreign";`);

    this.addSql(`drop table if exists "coupon_template" cascade;`);

    this.addSql(`drop table if exists "flash_slot" cascade;`);

    this.addSql(`drop table if exists "full_reduction" cascade;`);

    this.addSql(`drop table if exists "full_reduction_order" cascade;`);

    this.addSql(`drop table if exists "promotion_settings" cascade;`);

    this.addSql(`drop table if exists "share_pack_campaign" cascade;`);

    this.addSql(`drop table if exists "sign_in_reward" cascade;`);

    this.addSql(`drop table if exists "new_customer_price" cascade;`);

    this.addSql(`drop table if exists "flash_sale" cascade;`);

    this.addSql(`drop table if exists "discount" cascade;`);

    this.addSql(`drop table if exists "sign_in" cascade;`);

    this.addSql(`drop table if exists "share_pack" cascade;`);

    this.addSql(`drop table if exists "share_pack_claim" cascade;`);

    this.addSql(`drop table if exists "new_customer_redemption" cascade;`);

    this.addSql(`drop table if exists "flash_sale_purchase" cascade;`);

    this.addSql(`drop table if exists "flash_sale_customer" cascade;`);

    this.addSql(`drop table if exists "coupon_claim_count" cascade;`);

    this.addSql(`drop table if exists "coupon" cascade;`);

    this.addSql(`drop type "coupon_kind";`);
    this.addSql(`drop type "coupon_scope";`);
    this.addSql(`drop type "coupon_validity";`);
    this.addSql(`drop type "coupon_distribution";`);
    this.addSql(`drop type "coupon_status";`);
  }
}
