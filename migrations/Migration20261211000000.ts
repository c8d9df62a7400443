import { Migration } from '@mikro-orm/migrations';

/**
 * When each live item's STOCK and SOLD events were last announced, so the gap between two
 * announcements of an item holds across every API process, not only within one
 * (src/modules/live/figures.ts).
 */
export class Migration20261211000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "live_item_announced" add column "announced_at" timestamptz not null default now();`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "live_item_announced" drop column "announced_at";`);
  }
}
