import { Migration } from '@mikro-orm/migrations';

/** Address books (src/modules/accounts/addresses.ts): saved shipping addresses, at most one default per account. */
export class Migration20261206211000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "account_address" ("id" uuid not null, "account_id" uuid not null, "recipient_name" text not null, "phone" text not null, "region" text not null, "detail" text not null, "is_default" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "account_address_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "account_address_account_id_index" on "account_address" ("account_id");`);
    this.addSql(`create unique index "account_address_one_default" on "account_address" ("account_id") where "is_default";`);
    this.addSql(
      `alter table "account_address" add constraint "account_address_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "account_address" cascade;`);
  }
}
