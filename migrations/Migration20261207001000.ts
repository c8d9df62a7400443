import { Migration } from '@mikro-orm/migrations';

/**
 * No foreign keys from orders to their storefront app, nor from attributions to share links and
 * accounts: each key share-locked one hot row (the app's, a popular link's, its sharer's) in every
 * checkout, a multixact written on the busiest rows of the database. Apps, links and accounts are
 * never deleted, and the checkout writes ids it has just read.
 */
export class Migration20261207001000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "customer_order" drop constraint "customer_order_storefront_app_id_foreign";`);
    this.addSql(`alter table "order_attribution" drop constraint "order_attribution_share_token_id_foreign";`);
    this.addSql(`alter table "order_attribution" drop constraint "order_attribution_sharer_id_foreign";`);
    this.addSql(`alter table "order_attribution" drop constraint "order_attribution_inviter_id_foreign";`);
    this.addSql(`alter table "order_line_attribution" drop constraint "order_line_attribution_share_token_id_foreign";`);
    this.addSql(`alter table "order_line_attribution" drop constraint "order_line_attribution_sharer_id_foreign";`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "customer_order" add constraint "customer_order_storefront_app_id_foreign" foreign key ("storefront_app_id") references "storefront_app" ("id") on update cascade;`,
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
      `alter table "order_line_attribution" add constraint "order_line_attribution_share_token_id_foreign" foreign key ("share_token_id") references "share_token" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "order_line_attribution" add constraint "order_line_attribution_sharer_id_foreign" foreign key ("sharer_id") references "account" ("id") on update cascade on delete set null;`,
    );
  }
}
