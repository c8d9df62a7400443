import { Migration } from '@mikro-orm/migrations';

/** Live order lines: the units a refund before shipping put back on the SKU's shelf (they leave the item's sold count). */
export class Migration20261207000500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "live_order_line" add column "restocked" int not null default 0;`);
    this.addSql(`alter table "live_order_line" add constraint live_order_line_restocked check (restocked >= 0 and restocked <= quantity);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "live_order_line" drop column "restocked";`);
  }
}
