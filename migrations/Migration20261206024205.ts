import { Migration } from '@mikro-orm/migrations';

export class Migration20261206024205 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "storefront_app" add column "allowed_origins" text[] not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "storefront_app" drop column "allowed_origins";`);
  }
}
