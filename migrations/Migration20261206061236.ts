import { Migration } from '@mikro-orm/migrations';

/**
 * Reviews (晒单): one per order line (unique), with their indexes per listing (a product's, by stars,
 * with images; the author's; the operators' newest and hidden), and each product's rating summary,
 * counts per star that reviews, hides and refunds add to.
 */
export class Migration20261206061236 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "review_status" as enum ('published', 'hidden');`);
    this.addSql(
      `create table "review_rating_summary" ("product_id" uuid not null, "one_star" int not null default 0, "two_stars" int not null default 0, "three_stars" int not null default 0, "four_stars" int not null default 0, "five_stars" int not null default 0, "updated_at" timestamptz not null, constraint "review_rating_summary_pkey" primary key ("product_id"), constraint review_rating_summary_counts check (one_star >= 0 and two_stars >= 0 and three_stars >= 0 and four_stars >= 0 and five_stars >= 0));`,
    );

    this.addSql(
      `create table "review" ("id" uuid not null, "order_line_id" uuid not null, "order_id" uuid not null, "product_id" uuid not null, "author_id" uuid not null, "specs" jsonb not null, "rating" smallint not null, "text" text not null default '', "images" text[] not null default '{}', "has_images" boolean not null default false, "anonymous" boolean not null default false, "status" "review_status" not null default 'published', "hidden_reason" text null, "hidden_at" timestamptz null, "refunded" boolean not null default false, "refunded_at" timestamptz null, "follow_up_text" text null, "follow_up_images" text[] null, "follow_up_at" timestamptz null, "reply_text" text null, "replied_at" timestamptz null, "reply_edited_at" timestamptz null, "created_at" timestamptz not null, constraint "review_pkey" primary key ("id"), constraint review_reply_whole check ((reply_text is null) = (replied_at is null) and (reply_edited_at is null or replied_at is not null)), constraint review_follow_up_whole check ((follow_up_at is null) = (follow_up_text is null) and (follow_up_at is null) = (follow_up_images is null)), constraint review_refunded_when check (refunded = (refunded_at is not null)), constraint review_hidden_with_reason check ((status = 'hidden') = (hidden_reason is not null and hidden_at is not null)), constraint review_has_images check (has_images = (cardinality(images) > 0 or coalesce(cardinality(follow_up_images), 0) > 0)), constraint review_image_count check (cardinality(images) <= 9 and (follow_up_images is null or cardinality(follow_up_images) <= 9)), constraint review_text_length check (char_length(text) <= 1000 and (follow_up_text is null or char_length(follow_up_text) <= 1000)), constraint review_rating check (rating >= 1 and rating <= 5));`,
    );
    this.addSql(`alter table "review" add constraint "review_order_line_id_unique" unique ("order_line_id");`);
    this.addSql(`create index "review_order_id_index" on "review" ("order_id");`);
    this.addSql(`create index "review_hidden" on "review" ("created_at", "id") where "status" = 'hidden';`);
    this.addSql(`create index "review_created" on "review" ("created_at", "id");`);
    this.addSql(`create index "review_by_author" on "review" ("author_id", "created_at", "id");`);
    this.addSql(`create index "review_by_product_with_images" on "review" ("product_id", "created_at", "id") where "has_images";`);
    this.addSql(`create index "review_by_product_rating" on "review" ("product_id", "rating", "created_at", "id");`);
    this.addSql(`create index "review_by_product" on "review" ("product_id", "created_at", "id");`);

    this.addSql(
      `alter table "review_rating_summary" add constraint "review_rating_summary_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "review" add constraint "review_order_line_id_foreign" foreign key ("order_line_id") references "order_line" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "review" add constraint "review_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "review" add constraint "review_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "review" add constraint "review_author_id_foreign" foreign key ("author_id") references "account" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "review_rating_summary" cascade;`);

    this.addSql(`drop table if exists "review" cascade;`);

    this.addSql(`drop type "review_status";`);
  }
}
