import { Migration } from '@mikro-orm/migrations';

export class Migration20261206024331 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "session_end_reason" as enum ('logout', 'refresh_token_reused');`);
    this.addSql(
      `create table "account_session" ("id" uuid not null, "account_id" uuid not null, "created_at" timestamptz not null, "ended_at" timestamptz null, "end_reason" "session_end_reason" null, constraint "account_session_pkey" primary key ("id"), constraint account_session_end check ((ended_at is null) = (end_reason is null)));`,
    );
    this.addSql(`create index "account_session_account_id_index" on "account_session" ("account_id");`);

    this.addSql(
      `alter table "account_session" add constraint "account_session_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    // Refresh tokens issued before sessions existed keep working: each becomes a session of its own
    // (the chain it came from was not recorded), with the token's id as the session's — a time-ordered
    // uuid from the token's creation, as a new session's would be.
    this.addSql(`alter table "refresh_token" add column "session_id" uuid null;`);
    this.addSql(`insert into "account_session" ("id", "account_id", "created_at") select "id", "account_id", "created_at" from "refresh_token";`);
    this.addSql(`update "refresh_token" set "session_id" = "id";`);
    this.addSql(`alter table "refresh_token" alter column "session_id" set not null;`);
    this.addSql(
      `alter table "refresh_token" add constraint "refresh_token_session_id_foreign" foreign key ("session_id") references "account_session" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`create index "refresh_token_session_id_index" on "refresh_token" ("session_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_session_id_foreign";`);

    this.addSql(`drop table if exists "account_session" cascade;`);

    this.addSql(`drop index "refresh_token_session_id_index";`);
    this.addSql(`alter table "refresh_token" drop column "session_id";`);

    this.addSql(`drop type "session_end_reason";`);
  }
}
