import { Migration } from '@mikro-orm/migrations';

/**
 * A settlement or reversal names the accrual it moves without a foreign key (EarningEntry.refEntryId):
 * checking it locked the accrual's row for every settlement entry, to guard against a deletion the
 * append-only ledger never makes. Its plain index goes too: the partial unique indexes
 * earning_settled_once and earning_reversed_once lead with the same column.
 */
export class Migration20261206064926 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "earning_entry" drop constraint "earning_entry_ref_entry_id_foreign";`);
    this.addSql(`drop index "earning_entry_ref_entry_id_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "earning_entry" add constraint "earning_entry_ref_entry_id_foreign" foreign key ("ref_entry_id") references "earning_entry" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(`create index "earning_entry_ref_entry_id_index" on "earning_entry" ("ref_entry_id");`);
  }
}
