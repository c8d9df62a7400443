import { Migration } from '@mikro-orm/migrations';

/**
 * Content-guide pages: content authors, articles (body as jsonb blocks, featured products and tags
 * under GIN indexes), the funnel's counters (views per day with the day's visitors, per-card clicks,
 * add-to-carts and room for orders and sales), and the article a content card's share token names.
 */
export class Migration20261206062040 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "article_status" as enum ('draft', 'published', 'unpublished', 'hidden');`);
    this.addSql(
      `create table "content_author" ("account_id" uuid not null, "granted_by_id" uuid null, "granted_at" timestamptz not null, constraint "content_author_pkey" primary key ("account_id"));`,
    );
    this.addSql(`create index "content_author_granted_by_id_index" on "content_author" ("granted_by_id");`);

    this.addSql(
      `create table "article" ("id" uuid not null, "author_id" uuid not null, "slug" text not null, "title" text not null, "summary" text not null default '', "cover_url" text null, "tags" text[] not null default '{}', "blocks" jsonb not null default '[]', "product_ids" uuid[] not null default '{}', "status" "article_status" not null default 'draft', "published_at" timestamptz null, "hidden_reason" text null, "hidden_at" timestamptz null, "paid_sales" bigint not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "article_pkey" primary key ("id"), constraint article_sales_non_negative check (paid_sales >= 0), constraint article_hidden_reason check ((status = 'hidden') = (hidden_reason is not null)), constraint article_published_at check ((status = 'draft') = (published_at is null)));`,
    );
    this.addSql(`alter table "article" add constraint "article_slug_unique" unique ("slug");`);
    this.addSql(`create index "article_products" on "article" using gin ("product_ids");`);
    this.addSql(`create index "article_tags" on "article" using gin ("tags");`);
    this.addSql(`create index "article_most_sold" on "article" ("paid_sales", "id") where "status" = 'published';`);
    this.addSql(`create index "article_newest" on "article" ("published_at", "id") where "status" = 'published';`);
    this.addSql(`create index "article_created" on "article" ("created_at", "id");`);
    this.addSql(`create index "article_by_author" on "article" ("author_id", "created_at", "id");`);

    this.addSql(
      `create table "content_card_day" ("article_id" uuid not null, "block_id" uuid not null, "day" date not null, "clicks" int not null default 0, "add_to_carts" int not null default 0, "orders" int not null default 0, "paid_sales" bigint not null default 0, "refunded_sales" bigint not null default 0, constraint "content_card_day_pkey" primary key ("article_id", "block_id", "day"), constraint content_card_day_counts check (clicks >= 0 and add_to_carts >= 0 and orders >= 0 and paid_sales >= 0 and refunded_sales >= 0));`,
    );

    this.addSql(
      `create table "article_visitor_day" ("article_id" uuid not null, "day" date not null, "visitor" uuid not null, constraint "article_visitor_day_pkey" primary key ("article_id", "day", "visitor"));`,
    );

    this.addSql(
      `create table "article_day" ("article_id" uuid not null, "day" date not null, "views" int not null default 0, "unique_views" int not null default 0, constraint "article_day_pkey" primary key ("article_id", "day"), constraint article_day_counts check (views >= 0 and unique_views >= 0 and unique_views <= views));`,
    );

    this.addSql(
      `alter table "content_author" add constraint "content_author_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "content_author" add constraint "content_author_granted_by_id_foreign" foreign key ("granted_by_id") references "account" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "article" add constraint "article_author_id_foreign" foreign key ("author_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "content_card_day" add constraint "content_card_day_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "article_visitor_day" add constraint "article_visitor_day_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "article_day" add constraint "article_day_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "share_token" add column "article_id" uuid null;`);
    this.addSql(`create index "share_token_article" on "share_token" ("article_id") where "article_id" is not null;`);
    this.addSql(`alter table "share_token" add constraint share_token_content_article check((entry = 'content') = (article_id is not null));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "content_card_day" drop constraint "content_card_day_article_id_foreign";`);

    this.addSql(`alter table "article_visitor_day" drop constraint "article_visitor_day_article_id_foreign";`);

    this.addSql(`alter table "article_day" drop constraint "article_day_article_id_foreign";`);

    this.addSql(`drop table if exists "content_author" cascade;`);

    this.addSql(`drop table if exists "article" cascade;`);

    this.addSql(`drop table if exists "content_card_day" cascade;`);

    this.addSql(`drop table if exists "article_visitor_day" cascade;`);

    this.addSql(`drop table if exists "article_day" cascade;`);

    this.addSql(`drop index "share_token_article";`);
    this.addSql(`alter table "share_token" drop constraint share_token_content_article;`);
    this.addSql(`alter table "share_token" drop column "article_id";`);

    this.addSql(`drop type "article_status";`);
  }
}
