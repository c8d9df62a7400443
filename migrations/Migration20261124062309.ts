import { Migration } from '@mikro-orm/migrations';

export class Migration20261124062309 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "coupon" add column "membership_id" uuid null, add column "revoked_at" timestamptz null;`);
    this.addSql(`create index "coupon_membership" on "coupon" ("membership_id") where "membership_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "coupon_membership";`);
    this.addSql(`alter table "coupon" drop column "membership_id", drop column "revoked_at";`);
  }

}
