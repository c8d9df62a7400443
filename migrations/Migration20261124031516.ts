import { Migration } from '@mikro-orm/migrations';

export class Migration20261124031516 extends Migration {
  override async up(): Promise<void> {
    // Trigram indexes back the catalog's text search (pg_trgm is a trusted extension: no superuser needed).
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create type "product_publication" as enum ('draft', 'published', 'unpublished');`);
    this.addSql(`create type "account_role" as enum ('customer', 'member', 'operator');`);
    this.addSql(
      `create table "category" ("id" uuid not null, "parent_id" uuid null, "name" text not null, "slug" text not null, "path" text not null, "position" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "category_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "category_parent_id_index" on "category" ("parent_id");`);
    this.addSql(`alter table "category" add constraint "category_slug_unique" unique ("slug");`);
    this.addSql(`create index "category_path_prefix" on "category" ("path" text_pattern_ops);`);

    this.addSql(
      `create table "idempotency_record" ("scope" text not null, "key" text not null, "request_hash" text not null, "response" jsonb null, "created_at" timestamptz not null, constraint "idempotency_record_pkey" primary key ("scope", "key"));`,
    );

    this.addSql(
      `create table "product" ("id" uuid not null, "slug" text not null, "name" text not null, "description" text not null default '', "category_id" uuid not null, "tags" text[] not null default '{}', "publication" "product_publication" not null default 'draft', "sale_starts_at" timestamptz null, "price_floor" int null, "price_ceiling" int null, "min_price" int not null default 0, "max_price" int not null default 0, "sales_count" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "product_pkey" primary key ("id"), constraint product_price_band_non_negative check ((price_floor is null or price_floor >= 0) and (price_ceiling is null or price_ceiling >= 0)), constraint product_price_band check (price_floor is null or price_ceiling is null or price_floor <= price_ceiling));`,
    );
    this.addSql(`alter table "product" add constraint "product_slug_unique" unique ("slug");`);
    this.addSql(`create index "product_category_id_index" on "product" ("category_id");`);
    this.addSql(`create index "product_search" on "product" using gin (("name" || ' ' || "description") gin_trgm_ops);`);
    this.addSql(`create index "product_tags" on "product" using gin ("tags");`);
    this.addSql(`create index "product_sales" on "product" ("sales_count", "id");`);
    this.addSql(`create index "product_price" on "product" ("min_price", "id");`);
    this.addSql(`create index "product_newest" on "product" ("created_at", "id");`);

    this.addSql(
      `create table "product_image" ("id" uuid not null, "product_id" uuid not null, "url" text not null, "alt_text" text not null default '', "position" int not null default 0, constraint "product_image_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "product_image_product_id_index" on "product_image" ("product_id");`);

    this.addSql(
      `create table "sku" ("id" uuid not null, "product_id" uuid not null, "code" text not null, "specs" jsonb not null, "price" int not null, "member_price" int null, "stock" int not null default 0, "position" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "sku_pkey" primary key ("id"), constraint sku_member_price_valid check (member_price is null or (member_price >= 0 and member_price <= price)), constraint sku_price_non_negative check (price >= 0), constraint sku_stock_non_negative check (stock >= 0));`,
    );
    this.addSql(`create index "sku_product_id_index" on "sku" ("product_id");`);
    this.addSql(`alter table "sku" add constraint "sku_code_unique" unique ("code");`);

    this.addSql(
      `create table "stock_movement" ("id" uuid not null, "sku_id" uuid not null, "delta" int not null, "stock_after" int not null, "reason" text not null, "actor_id" uuid null, "created_at" timestamptz not null, constraint "stock_movement_pkey" primary key ("id"), constraint stock_movement_non_zero check (delta <> 0));`,
    );
    this.addSql(`create index "stock_movement_sku_id_index" on "stock_movement" ("sku_id");`);
    this.addSql(`create index "stock_movement_actor_id_index" on "stock_movement" ("actor_id");`);

    this.addSql(
      `create table "storefront_app" ("id" uuid not null, "name" text not null, "public_key" text not null, "secret_key_hash" text not null, "enabled" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "storefront_app_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "storefront_app" add constraint "storefront_app_public_key_unique" unique ("public_key");`);
    this.addSql(`alter table "storefront_app" add constraint "storefront_app_secret_key_hash_unique" unique ("secret_key_hash");`);
    this.addSql(`create index "storefront_app_created_at_index" on "storefront_app" ("created_at");`);

    this.addSql(
      `create table "account" ("id" uuid not null, "email" text null, "phone" text null, "password_hash" text not null, "display_name" text not null, "role" "account_role" not null default 'customer', "registered_via_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "account_pkey" primary key ("id"), constraint account_has_login check (email is not null or phone is not null));`,
    );
    this.addSql(`alter table "account" add constraint "account_email_unique" unique ("email");`);
    this.addSql(`alter table "account" add constraint "account_phone_unique" unique ("phone");`);
    this.addSql(`create index "account_registered_via_id_index" on "account" ("registered_via_id");`);
    this.addSql(`create index "account_created_at_index" on "account" ("created_at");`);

    this.addSql(
      `create table "refresh_token" ("id" uuid not null, "account_id" uuid not null, "token_hash" text not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null, constraint "refresh_token_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "refresh_token_account_id_index" on "refresh_token" ("account_id");`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `alter table "category" add constraint "category_parent_id_foreign" foreign key ("parent_id") references "category" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "product" add constraint "product_category_id_foreign" foreign key ("category_id") references "category" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "product_image" add constraint "product_image_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sku" add constraint "sku_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "stock_movement" add constraint "stock_movement_sku_id_foreign" foreign key ("sku_id") references "sku" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "account" add constraint "account_registered_via_id_foreign" foreign key ("registered_via_id") references "storefront_app" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "refresh_token" add constraint "refresh_token_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "category" drop constraint "category_parent_id_foreign";`);

    this.addSql(`alter table "product" drop constraint "product_category_id_foreign";`);

    this.addSql(`alter table "product_image" drop constraint "product_image_product_id_foreign";`);

    this.addSql(`alter table "sku" drop constraint "sku_product_id_foreign";`);

    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_sku_id_foreign";`);

    this.addSql(`alter table "account" drop constraint "account_registered_via_id_foreign";`);

    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_account_id_foreign";`);

    this.addSql(`drop table if exists "category" cascade;`);

    this.addSql(`drop table if exists "idempotency_record" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "product_image" cascade;`);

    this.addSql(`drop table if exists "sku" cascade;`);

    this.addSql(`drop table if exists "stock_movement" cascade;`);

    this.addSql(`drop table if exists "storefront_app" cascade;`);

    this.addSql(`drop table if exists "account" cascade;`);

    this.addSql(`drop table if exists "refresh_token" cascade;`);

    this.addSql(`drop type "product_publication";`);
    this.addSql(`drop type "account_role";`);
  }
}
