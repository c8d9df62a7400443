import { Migration } from '@mikro-orm/migrations';

export class Migration20261124062336 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "group_buy_new_customer_claim" ("customer_id" uuid not null, "order_id" uuid not null, "created_at" timestamptz not null, constraint "group_buy_new_customer_claim_pkey" primary key ("customer_id"));`,
    );
    this.addSql(`alter table "group_buy_new_customer_claim" add constraint "group_buy_new_customer_claim_order_id_unique" unique ("order_id");`);

    this.addSql(
      `alter table "group_buy_new_customer_claim" add constraint "group_buy_new_customer_claim_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "group_buy_new_customer_claim" add constraint "group_buy_new_customer_claim_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "bargain_campaign" drop constraint bargain_campaign_prices;`);

    this.addSql(`alter table "bargain_campaign" add constraint bargain_campaign_prices check(floor_price > 0 and start_price > floor_price);`);

    this.addSql(`create unique index "bargain_one_going" on "bargain" ("campaign_id", "starter_id") where "status" in ('active', 'ordered');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "group_buy_new_customer_claim" cascade;`);

    this.addSql(`drop index "bargain_one_going";`);

    this.addSql(`alter table "bargain_campaign" drop constraint bargain_campaign_prices;`);

    this.addSql(`alter table "bargain_campaign" add constraint bargain_campaign_prices check((floor_price >= 0) AND (start_price > floor_price));`);
  }
}
