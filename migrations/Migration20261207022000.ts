import { Migration } from '@mikro-orm/migrations';

/** The per-storefront-app switch of the sharing games, with the reason shown to shoppers. */
export class Migration20261207022000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "storefront_app" add column "sharing_games" boolean not null default true, add column "sharing_games_off_reason" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "storefront_app" drop column "sharing_games", drop column "sharing_games_off_reason";`);
  }
}
