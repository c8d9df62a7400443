import { Migration } from '@mikro-orm/migrations';

export class Migration20261124044908 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "referral_path_ancestor_depth" on "referral_path" ("ancestor_id", "depth");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "referral_path_ancestor_depth";`);
  }
}
