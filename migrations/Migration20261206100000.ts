import { Migration } from '@mikro-orm/migrations';

/** A session can end because its account's password was reset (npm run operator:reset-password). */
export class Migration20261206100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type "session_end_reason" add value if not exists 'password_reset';`);
  }

  override async down(): Promise<void> {
    // PostgreSQL cannot drop one value of an enum: the type is made again without it.
    this.addSql(`update "account_session" set "end_reason" = 'logout' where "end_reason" = 'password_reset';`);
    this.addSql(`alter type "session_end_reason" rename to "session_end_reason_old";`);
    this.addSql(`create type "session_end_reason" as enum ('logout', 'refresh_token_reused');`);
    this.addSql(`alter table "account_session" alter column "end_reason" type "session_end_reason" using "end_reason"::text::"session_end_reason";`);
    this.addSql(`drop type "session_end_reason_old";`);
  }
}
