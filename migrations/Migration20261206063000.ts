import { Migration } from '@mikro-orm/migrations';

/**
 * The settings rows (id 1, with the column defaults) exist from the start, so a composed statement
 * can read them as a plain subquery — the checkout reads the order, member-program and promotion
 * settings in its one read — instead of creating them on first use.
 */
export class Migration20261206063000 extends Migration {
  override async up(): Promise<void> {
    for (const table of ['order_settings', 'member_program_settings', 'promotion_settings']) {
      this.addSql(`insert into ${table} (id, updated_at) values (1, now()) on conflict do nothing;`);
    }
  }

  override async down(): Promise<void> {
    // The rows stay: settingsRow() would create them again anyway.
  }
}
