import { Migration } from '@mikro-orm/migrations';

/**
 * statement_refused(results): fails the statement that calls it, with SQLSTATE CK001 and the
 * statement's results as DETAIL. A composed statement (src/lib/sql.ts) calls it when one of its
 * parts refuses (a conditional update that matched nothing), so a write statement is all or
 * nothing by itself, with no transaction around it, and the caller still learns what each part found.
 */
export class Migration20261208000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function statement_refused(results json) returns json language plpgsql volatile as $$
begin
  raise exception using errcode = 'CK001', message = 'the statement was refused by one of its parts', detail = results::text;
end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists statement_refused(json);');
  }
}
