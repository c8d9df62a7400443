import { Migration } from '@mikro-orm/migrations';

/** Lucky wheels: campaigns with a committed seed, prize slots with weights and stock, daily chances, paid orders credited, draws. */
export class Migration20261207010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "wheel_campaign_status" as enum ('draft', 'running', 'ended');`);
    this.addSql(
      `create table "wheel_campaign" ("id" uuid not null, "name" text not null, "status" "wheel_campaign_status" not null default 'draft', "starts_at" timestamptz not null, "ends_at" timestamptz not null, "storefront_app_ids" text[] not null default '{}', "daily_chances" int not null default 1, "sign_in_chances" int not null default 0, "order_chances_per_day" int not null default 0, "share_chances_per_day" int not null default 0, "no_prize_label" text not null, "seed" text not null, "seed_commitment" text not null, "revealed_at" timestamptz null, "created_at" timestamptz not null, constraint "wheel_campaign_pkey" primary key ("id"), constraint wheel_campaign_revealed check ((status = 'ended') = (revealed_at is not null)), constraint wheel_campaign_chances check (daily_chances >= 0 and daily_chances <= 100 and sign_in_chances >= 0 and sign_in_chances <= 100 and order_chances_per_day >= 0 and order_chances_per_day <= 100 and share_chances_per_day >= 0 and share_chances_per_day <= 100), constraint wheel_campaign_window check (ends_at > starts_at));`,
    );
    this.addSql(`create index "wheel_campaign_running" on "wheel_campaign" ("ends_at") where "status" = 'running';`);
    this.addSql(`create index "wheel_campaign_created" on "wheel_campaign" ("created_at", "id");`);
    this.addSql(
      `create table "wheel_chance" ("campaign_id" uuid not null, "customer_id" uuid not null, "day" date not null, "allowed" int not null, "used" int not null default 0, "from_sign_in" int not null default 0, "from_orders" int not null default 0, "from_shares" int not null default 0, constraint "wheel_chance_pkey" primary key ("campaign_id", "customer_id", "day"), constraint wheel_chance_earned check (from_sign_in >= 0 and from_orders >= 0 and from_shares >= 0), constraint wheel_chance_within check (used >= 0 and used <= allowed));`,
    );
    this.addSql(`create index "wheel_chance_customer_id_index" on "wheel_chance" ("customer_id");`);
    this.addSql(
      `create table "wheel_order_credit" ("campaign_id" uuid not null, "order_id" uuid not null, "created_at" timestamptz not null, constraint "wheel_order_credit_pkey" primary key ("campaign_id", "order_id"));`,
    );
    this.addSql(
      `create table "wheel_prize" ("id" uuid not null, "campaign_id" uuid not null, "slot" int not null, "name" text not null, "template_id" uuid null, "weight" int not null, "stock" int null, "awarded" int not null default 0, constraint "wheel_prize_pkey" primary key ("id"), constraint wheel_prize_stock check (stock is null or (stock >= 0 and awarded <= stock)), constraint wheel_prize_kind check ((slot = 0) = (template_id is null) and (template_id is null) = (stock is null)), constraint wheel_prize_weight check (weight >= 0 and weight <= 1000000 and slot >= 0 and slot <= 20));`,
    );
    this.addSql(`create index "wheel_prize_template_id_index" on "wheel_prize" ("template_id");`);
    this.addSql(`alter table "wheel_prize" add constraint "wheel_prize_slot" unique ("campaign_id", "slot");`);
    this.addSql(
      `create table "wheel_draw" ("id" uuid not null, "campaign_id" uuid not null, "customer_id" uuid not null, "slot_drawn" int not null, "slot_awarded" int not null, "prize_id" uuid null, "coupon_id" uuid null, "created_at" timestamptz not null, constraint "wheel_draw_pkey" primary key ("id"), constraint wheel_draw_award check (slot_awarded = slot_drawn or slot_awarded = 0));`,
    );
    this.addSql(`create index "wheel_draw_prize_id_index" on "wheel_draw" ("prize_id");`);
    this.addSql(`create index "wheel_draw_customer_created" on "wheel_draw" ("customer_id", "created_at", "id");`);
    this.addSql(`create index "wheel_draw_campaign_created" on "wheel_draw" ("campaign_id", "created_at", "id");`);
    this.addSql(
      `alter table "wheel_chance" add constraint "wheel_chance_campaign_id_foreign" foreign key ("campaign_id") references "wheel_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "wheel_chance" add constraint "wheel_chance_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "wheel_order_credit" add constraint "wheel_order_credit_campaign_id_foreign" foreign key ("campaign_id") references "wheel_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "wheel_prize" add constraint "wheel_prize_campaign_id_foreign" foreign key ("campaign_id") references "wheel_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "wheel_prize" add constraint "wheel_prize_template_id_foreign" foreign key ("template_id") references "coupon_template" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "wheel_draw" add constraint "wheel_draw_campaign_id_foreign" foreign key ("campaign_id") references "wheel_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "wheel_draw" add constraint "wheel_draw_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "wheel_draw" add constraint "wheel_draw_prize_id_foreign" foreign key ("prize_id") references "wheel_prize" ("id") on update cascade on delete restrict;`,
    );
  }
}
