import { Migration } from '@mikro-orm/migrations';

/** Where a payment's provider page sends the buyer back to (payOrder's returnUrl). */
export class Migration20261206212000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "payment" add column "return_url" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "payment" drop column "return_url";`);
  }
}
