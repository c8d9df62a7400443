import { Migration } from '@mikro-orm/migrations';

/**
 * Team figures kept per member (src/modules/referrals/team-figures.ts): team_size, team_order and
 * team_sales_hour, written from the closure table and the orders already there, as
 * rebuildTeamFigures does; from then on the tree's writes and the order events keep them.
 */
export class Migration20261206065000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "team_order" ("order_id" uuid not null, "buyer_id" uuid not null, "paid_at" timestamptz null, "counted" bigint not null default '0', constraint "team_order_pkey" primary key ("order_id"));`,
    );
    this.addSql(`create index "team_order_paid" on "team_order" ("paid_at");`);
    this.addSql(`create index "team_order_buyer" on "team_order" ("buyer_id", "paid_at");`);
    this.addSql(
      `create table "team_sales_hour" ("member_id" uuid not null, "hour" timestamptz not null, "sales" bigint not null, constraint "team_sales_hour_pkey" primary key ("member_id", "hour"));`,
    );
    this.addSql(
      `create table "team_size" ("member_id" uuid not null, "size" int not null, constraint "team_size_pkey" primary key ("member_id"), constraint team_size_not_negative check (size >= 0));`,
    );
    this.addSql(
      `alter table "team_sales_hour" add constraint "team_sales_hour_member_id_foreign" foreign key ("member_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "team_size" add constraint "team_size_member_id_foreign" foreign key ("member_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`insert into team_size (member_id, size) select ancestor_id, count(*) from referral_path group by ancestor_id;`);
    this.addSql(
      `insert into team_order (order_id, buyer_id, paid_at, counted) select id, customer_id, paid_at, case when paid_at is null then 0 else total - refunded_total end from customer_order;`,
    );
    this.addSql(
      `insert into team_sales_hour (member_id, hour, sales)
       select p.ancestor_id, date_trunc('hour', t.paid_at, 'UTC'), sum(t.counted)
         from team_order t join referral_path p on p.descendant_id = t.buyer_id
        where t.paid_at is not null
        group by 1, 2 having sum(t.counted) <> 0;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "team_order" cascade;`);
    this.addSql(`drop table if exists "team_sales_hour" cascade;`);
    this.addSql(`drop table if exists "team_size" cascade;`);
  }
}
