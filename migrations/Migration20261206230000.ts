import { Migration } from '@mikro-orm/migrations';

/** The buy button's placement label on an order's attribution (the site is the order's storefront app). */
export class Migration20261206230000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "order_attribution" add column "placement" text null;`);
    this.addSql(`alter table "order_attribution" add constraint order_attribution_placement check (placement ~ '^[A-Za-z0-9_.-]{1,40}$');`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "order_attribution" drop constraint order_attribution_placement;`);
    this.addSql(`alter table "order_attribution" drop column "placement";`);
  }
}
