import { Migration } from '@mikro-orm/migrations';

export class Migration20261124044627 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "shop_product_order" on "shop_product" ("shop_id", "position");`);

    this.addSql(
      `create index "order_customer_paid" on "customer_order" ("customer_id", "paid_at") include ("total", "refunded_total") where "paid_at" is not null;`,
    );

    this.addSql(`create index "membership_application_status" on "membership_application" ("status", "created_at");`);

    this.addSql(`create index "membership_lapsing" on "membership" ("ends_at") where "ended_at" is null and "ends_at" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "order_customer_paid";`);

    this.addSql(`drop index "membership_lapsing";`);

    this.addSql(`drop index "membership_application_status";`);

    this.addSql(`drop index "shop_product_order";`);
  }
}
