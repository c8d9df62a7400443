import { Migration } from '@mikro-orm/migrations';

export class Migration20261124041637 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "membership_mode" as enum ('everyone', 'application', 'appointed');`);
    this.addSql(`create type "binding_mode" as enum ('first_valid', 'registration_only', 'last_link');`);
    this.addSql(`create type "entry_point" as enum ('shop', 'product', 'content', 'live');`);
    this.addSql(`create type "binding_source" as enum ('registration', 'invite_code', 'invite_link', 'share_link');`);
    this.addSql(`create type "membership_application_status" as enum ('pending', 'approved', 'rejected');`);
    this.addSql(`create type "membership_source" as enum ('purchase', 'application', 'grant');`);
    this.addSql(
      `create table "member_program_settings" ("id" int not null default 1, "membership_mode" "membership_mode" not null default 'everyone', "binding_mode" "binding_mode" not null default 'first_valid', "attribution_window_days" int not null default 7, "updated_at" timestamptz not null, constraint "member_program_settings_pkey" primary key ("id"), constraint member_program_window check (attribution_window_days >= 1 and attribution_window_days <= 90), constraint member_program_single_row check (id = 1));`,
    );

    this.addSql(
      `create table "membership_plan" ("id" uuid not null, "name" text not null, "package_product_id" uuid null, "duration_days" int null, "active" boolean not null default true, "created_at" timestamptz not null, constraint "membership_plan_pkey" primary key ("id"), constraint membership_plan_duration check (duration_days is null or duration_days > 0));`,
    );
    this.addSql(`alter table "membership_plan" add constraint "membership_plan_package_product_id_unique" unique ("package_product_id");`);

    this.addSql(
      `create table "shop" ("id" uuid not null, "owner_id" uuid not null, "slug" text not null, "name" text not null, "avatar_url" text null, "intro" text not null default '', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "shop_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "shop" add constraint "shop_owner_id_unique" unique ("owner_id");`);
    this.addSql(`alter table "shop" add constraint "shop_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "shop_visit_day" ("shop_id" uuid not null, "day" date not null, "visits" int not null default 0, constraint "shop_visit_day_pkey" primary key ("shop_id", "day"), constraint shop_visit_count check (visits >= 0));`,
    );

    this.addSql(
      `create table "shop_product" ("shop_id" uuid not null, "product_id" uuid not null, "position" int not null default 0, "shop_price" int null, "added_at" timestamptz not null, constraint "shop_product_pkey" primary key ("shop_id", "product_id"), constraint shop_product_price check (shop_price is null or shop_price > 0));`,
    );
    this.addSql(`create index "shop_product_product_id_index" on "shop_product" ("product_id");`);

    this.addSql(
      `create table "share_token" ("id" uuid not null, "token" text not null, "sharer_id" uuid not null, "entry" "entry_point" not null, "target_id" uuid not null, "created_at" timestamptz not null, constraint "share_token_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "share_token" add constraint "share_token_token_unique" unique ("token");`);
    this.addSql(`create index "share_token_sharer_id_index" on "share_token" ("sharer_id");`);
    this.addSql(`alter table "share_token" add constraint "share_token_per_target" unique ("sharer_id", "entry", "target_id");`);

    this.addSql(
      `create table "share_touch" ("id" uuid not null, "customer_id" uuid not null, "share_token_id" uuid not null, "touched_at" timestamptz not null, constraint "share_touch_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "share_touch_share_token_id_index" on "share_touch" ("share_token_id");`);
    this.addSql(`create index "share_touch_latest" on "share_touch" ("customer_id", "touched_at");`);

    this.addSql(
      `create table "referral_path" ("ancestor_id" uuid not null, "descendant_id" uuid not null, "depth" int not null, constraint "referral_path_pkey" primary key ("ancestor_id", "descendant_id"), constraint referral_path_depth check (depth >= 1));`,
    );
    this.addSql(`create index "referral_path_descendant" on "referral_path" ("descendant_id", "depth");`);

    this.addSql(
      `create table "referral_binding" ("invitee_id" uuid not null, "inviter_id" uuid not null, "source" "binding_source" not null, "bound_at" timestamptz not null, constraint "referral_binding_pkey" primary key ("invitee_id"), constraint referral_binding_not_self check (invitee_id <> inviter_id));`,
    );
    this.addSql(`create index "referral_binding_inviter_id_index" on "referral_binding" ("inviter_id");`);

    this.addSql(
      `create table "order_attribution" ("order_id" uuid not null, "share_token_id" uuid null, "sharer_id" uuid null, "entry" "entry_point" null, "target_id" uuid null, "shop_id" uuid null, "inviter_id" uuid null, "self_purchase" boolean not null default false, "created_at" timestamptz not null, constraint "order_attribution_pkey" primary key ("order_id"));`,
    );
    this.addSql(`create index "order_attribution_share_token_id_index" on "order_attribution" ("share_token_id");`);
    this.addSql(`create index "order_attribution_sharer_id_index" on "order_attribution" ("sharer_id");`);
    this.addSql(`create index "order_attribution_shop_id_index" on "order_attribution" ("shop_id");`);
    this.addSql(`create index "order_attribution_inviter_id_index" on "order_attribution" ("inviter_id");`);

    this.addSql(
      `create table "membership_application" ("id" uuid not null, "account_id" uuid not null, "status" "membership_application_status" not null default 'pending', "message" text not null default '', "rejection_reason" text null, "reviewed_by" uuid null, "created_at" timestamptz not null, "reviewed_at" timestamptz null, constraint "membership_application_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "membership_application_account_id_index" on "membership_application" ("account_id");`);
    this.addSql(`create unique index "membership_application_one_pending" on "membership_application" ("account_id") where "status" = 'pending';`);

    this.addSql(
      `create table "membership" ("id" uuid not null, "account_id" uuid not null, "plan_id" uuid null, "source" "membership_source" not null, "order_id" uuid null, "started_at" timestamptz not null, "ends_at" timestamptz null, "ended_at" timestamptz null, "end_reason" text null, constraint "membership_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "membership_account_id_index" on "membership" ("account_id");`);
    this.addSql(`create index "membership_plan_id_index" on "membership" ("plan_id");`);
    this.addSql(`create index "membership_order_id_index" on "membership" ("order_id");`);
    this.addSql(`create unique index "membership_one_open" on "membership" ("account_id") where "ended_at" is null;`);

    this.addSql(
      `create table "invite_code" ("account_id" uuid not null, "code" text not null, "created_at" timestamptz not null, constraint "invite_code_pkey" primary key ("account_id"));`,
    );
    this.addSql(`alter table "invite_code" add constraint "invite_code_code_unique" unique ("code");`);

    this.addSql(
      `alter table "membership_plan" add constraint "membership_plan_package_product_id_foreign" foreign key ("package_product_id") references "product" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "shop" add constraint "shop_owner_id_foreign" foreign key ("owner_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "shop_visit_day" add constraint "shop_visit_day_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "shop_product" add constraint "shop_product_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "shop_product" add constraint "shop_product_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "share_token" add constraint "share_token_sharer_id_foreign" foreign key ("sharer_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "share_touch" add constraint "share_touch_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "share_touch" add constraint "share_touch_share_token_id_foreign" foreign key ("share_token_id") references "share_token" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "referral_path" add constraint "referral_path_ancestor_id_foreign" foreign key ("ancestor_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "referral_path" add constraint "referral_path_descendant_id_foreign" foreign key ("descendant_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "referral_binding" add constraint "referral_binding_invitee_id_foreign" foreign key ("invitee_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "referral_binding" add constraint "referral_binding_inviter_id_foreign" foreign key ("inviter_id") references "account" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "order_attribution" add constraint "order_attribution_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "order_attribution" add constraint "order_attribution_share_token_id_foreign" foreign key ("share_token_id") references "share_token" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "order_attribution" add constraint "order_attribution_sharer_id_foreign" foreign key ("sharer_id") references "account" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "order_attribution" add constraint "order_attribution_inviter_id_foreign" foreign key ("inviter_id") references "account" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "membership_application" add constraint "membership_application_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "membership" add constraint "membership_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "membership" add constraint "membership_plan_id_foreign" foreign key ("plan_id") references "membership_plan" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "invite_code" add constraint "invite_code_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "membership" drop constraint "membership_plan_id_foreign";`);

    this.addSql(`alter table "shop_visit_day" drop constraint "shop_visit_day_shop_id_foreign";`);

    this.addSql(`alter table "shop_product" drop constraint "shop_product_shop_id_foreign";`);

    this.addSql(`alter table "share_touch" drop constraint "share_touch_share_token_id_foreign";`);

    this.addSql(`alter table "order_attribution" drop constraint "order_attribution_share_token_id_foreign";`);

    this.addSql(`drop table if exists "member_program_settings" cascade;`);

    this.addSql(`drop table if exists "membership_plan" cascade;`);

    this.addSql(`drop table if exists "shop" cascade;`);

    this.addSql(`drop table if exists "shop_visit_day" cascade;`);

    this.addSql(`drop table if exists "shop_product" cascade;`);

    this.addSql(`drop table if exists "share_token" cascade;`);

    this.addSql(`drop table if exists "share_touch" cascade;`);

    this.addSql(`drop table if exists "referral_path" cascade;`);

    this.addSql(`drop table if exists "referral_binding" cascade;`);

    this.addSql(`drop table if exists "order_attribution" cascade;`);

    this.addSql(`drop table if exists "membership_application" cascade;`);

    this.addSql(`drop table if exists "membership" cascade;`);

    this.addSql(`drop table if exists "invite_code" cascade;`);

    this.addSql(`drop type "membership_mode";`);
    this.addSql(`drop type "binding_mode";`);
    this.addSql(`drop type "entry_point";`);
    this.addSql(`drop type "binding_source";`);
    this.addSql(`drop type "membership_application_status";`);
    this.addSql(`drop type "membership_source";`);
  }
}
