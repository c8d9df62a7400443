import { Migration } from '@mikro-orm/migrations';

export class Migration20261124063803 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "price_campaign_order" ("order_id" uuid not null, "sku_id" uuid not null, "kind" text not null, "campaign_id" uuid not null, "quantity" int not null, "amount_off" int not null, "sales" int not null, "created_at" timestamptz not null, constraint "price_campaign_order_pkey" primary key ("order_id", "sku_id"), constraint price_campaign_order_amounts check (quantity >= 1 and amount_off >= 0 and sales >= 0), constraint price_campaign_order_kind check (kind = 'discount' or kind = 'new_customer_price'));`,
    );
    this.addSql(`create index "price_campaign_order_campaign" on "price_campaign_order" ("campaign_id", "kind");`);

    this.addSql(`alter table "coupon" add column "membership_id" uuid null, add column "revoked_at" timestamptz null;`);
    this.addSql(`create index "coupon_membership" on "coupon" ("membership_id") where "membership_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "price_campaign_order" cascade;`);

    this.addSql(`drop index "coupon_membership";`);
    this.addSql(`alter table "coupon" drop column "membership_id", drop column "revoked_at";`);
  }
}
