import { Migration } from '@mikro-orm/migrations';

/**
 * Phone sign-in (src/modules/accounts/phone-codes.ts): the last code sent to each number, as an
 * HMAC, with its tries; and accounts without a password, made by signing in with a code.
 */
export class Migration20261206210000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "phone_sign_in_code" ("phone" text not null, "code_hash" text not null, "attempts" smallint not null default 0, "expires_at" timestamptz not null, "consumed_at" timestamptz null, "sent_at" timestamptz not null, constraint "phone_sign_in_code_pkey" primary key ("phone"), constraint phone_sign_in_code_attempts check (attempts >= 0 and attempts <= 5));`,
    );
    this.addSql(`create index "phone_sign_in_code_expires_at_index" on "phone_sign_in_code" ("expires_at");`);
    this.addSql(`alter table "account" alter column "password_hash" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "phone_sign_in_code" cascade;`);
    // Accounts made by phone sign-in keep their rows, with a hash no password matches.
    this.addSql(`update "account" set "password_hash" = '!' where "password_hash" is null;`);
    this.addSql(`alter table "account" alter column "password_hash" set not null;`);
  }
}
