import { Migration } from '@mikro-orm/migrations';

/**
 * Ledger entries without foreign keys (EarningEntry.member, .order, .refEntryId). Settling 10⁶
 * entries spent about half its time in the row-by-row checks of these keys (EXPLAIN ANALYZE of a
 * batch: the member's, the order's and the settled accrual's triggers), and the accrual's check
 * locked the old accrual's row for every settlement (a WAL record and a dirtied page each). Every
 * entry is written by the earnings module from rows it has just read — accounts, earning orders and
 * accruals, none of which is ever deleted — so the keys guarded against nothing that can happen.
 * The plain index on ref_entry_id goes (the partial unique indexes earning_settled_once and
 * earning_reversed_once lead with the same column), and the one on order_id leaves settlements out:
 * entries are looked up by order only as accruals and reversals, and a settlement then costs one
 * index entry less.
 */
export class Migration20261206064926 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "earning_entry" drop constraint "earning_entry_member_id_foreign";`);
    this.addSql(`alter table "earning_entry" drop constraint "earning_entry_order_id_foreign";`);
    this.addSql(`alter table "earning_entry" drop constraint "earning_entry_ref_entry_id_foreign";`);
    this.addSql(`drop index "earning_entry_ref_entry_id_index";`);
    this.addSql(`create index "earning_entry_order" on "earning_entry" ("order_id") where "kind" <> 'settlement';`);
    this.addSql(`drop index "earning_entry_order_id_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "earning_entry_order_id_index" on "earning_entry" ("order_id");`);
    this.addSql(`drop index "earning_entry_order";`);
    this.addSql(
      `alter table "earning_entry" add constraint "earning_entry_member_id_foreign" foreign key ("member_id") references "account" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "earning_entry" add constraint "earning_entry_order_id_foreign" foreign key ("order_id") references "earning_order" ("order_id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "earning_entry" add constraint "earning_entry_ref_entry_id_foreign" foreign key ("ref_entry_id") references "earning_entry" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(`create index "earning_entry_ref_entry_id_index" on "earning_entry" ("ref_entry_id");`);
  }
}
