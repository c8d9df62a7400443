import { Migration } from '@mikro-orm/migrations';

export class Migration20261124053852 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "commission_override_kind" as enum ('percent', 'fixed');`);
    this.addSql(`create type "withdrawal_status" as enum ('requested', 'approved', 'rejected', 'paid', 'failed');`);
    this.addSql(
      `create type "earning_entry_kind" as enum ('accrual', 'settlement', 'reversal', 'adjustment', 'withdrawal_hold', 'withdrawal_release', 'withdrawal_paid');`,
    );
    this.addSql(
      `create type "earning_source" as enum ('margin', 'commission_l1', 'commission_l2', 'commission_l3', 'membership_bonus', 'adjustment', 'withdrawal');`,
    );
    this.addSql(
      `create table "commission_rule_version" ("id" uuid not null, "levels" smallint not null default 2, "level1_rate" int not null default 0, "level2_rate" int not null default 0, "level3_rate" int not null default 0, "self_purchase" boolean not null default false, "bonus_level1" int not null default 0, "bonus_level2" int not null default 0, "frozen_days" int not null default 7, "withdrawal_minimum" int not null default 100, "withdrawal_fee_rate" int not null default 0, "effective_from" timestamptz not null, "created_by" uuid null, constraint "commission_rule_version_pkey" primary key ("id"), constraint commission_withdrawal check (withdrawal_minimum >= 1 and withdrawal_fee_rate >= 0 and withdrawal_fee_rate <= 5000), constraint commission_frozen_days check (frozen_days >= 0 and frozen_days <= 90), constraint commission_bonus check (bonus_level1 >= 0 and bonus_level2 >= 0), constraint commission_rates check (level1_rate >= 0 and level2_rate >= 0 and level3_rate >= 0 and level1_rate + level2_rate + level3_rate <= 10000), constraint commission_levels check (levels >= 1 and levels <= 3));`,
    );
    this.addSql(`create index "commission_rule_version_effective" on "commission_rule_version" ("effective_from", "id");`);

    this.addSql(
      `create table "commission_override" ("id" uuid not null, "version_id" uuid not null, "product_id" uuid not null, "sku_id" uuid null, "kind" "commission_override_kind" not null, "level1" int not null default 0, "level2" int not null default 0, "level3" int not null default 0, constraint "commission_override_pkey" primary key ("id"), constraint commission_override_values check (level1 >= 0 and level2 >= 0 and level3 >= 0 and (kind = 'fixed' or level1 + level2 + level3 <= 10000)));`,
    );
    this.addSql(`create unique index "commission_override_sku" on "commission_override" ("version_id", "sku_id") where "sku_id" is not null;`);
    this.addSql(`create unique index "commission_override_product" on "commission_override" ("version_id", "product_id") where "sku_id" is null;`);

    this.addSql(
      `create table "earning_order" ("order_id" uuid not null, "order_number" text not null, "buyer_id" uuid not null, "version_id" uuid not null, "paid_at" timestamptz not null, "completed_at" timestamptz null, "settle_after" timestamptz null, "settled_at" timestamptz null, constraint "earning_order_pkey" primary key ("order_id"));`,
    );
    this.addSql(`create index "earning_order_version_id_index" on "earning_order" ("version_id");`);
    this.addSql(`create index "earning_order_settle_due" on "earning_order" ("settle_after") where "settled_at" is null and "settle_after" is not null;`);

    this.addSql(
      `create table "earning_refund" ("refund_id" uuid not null, "order_line_id" uuid not null, "order_id" uuid not null, "amount" int not null, "created_at" timestamptz not null, constraint "earning_refund_pkey" primary key ("refund_id", "order_line_id"));`,
    );
    this.addSql(`create index "earning_refund_order_id_index" on "earning_refund" ("order_id");`);

    this.addSql(
      `create table "member_balance" ("member_id" uuid not null, "pending" bigint not null default 0, "available" bigint not null default 0, "withdrawing" bigint not null default 0, "withdrawn" bigint not null default 0, "debt" bigint not null default 0, "updated_at" timestamptz not null, constraint "member_balance_pkey" primary key ("member_id"), constraint member_balance_non_negative check (pending >= 0 and available >= 0 and withdrawing >= 0 and withdrawn >= 0 and debt >= 0));`,
    );

    this.addSql(
      `create table "withdrawal" ("id" uuid not null, "member_id" uuid not null, "amount" int not null, "fee" int not null, "status" "withdrawal_status" not null default 'requested', "reason" text null, "requested_at" timestamptz not null, "decided_at" timestamptz null, "decided_by" uuid null, "closed_at" timestamptz null, constraint "withdrawal_pkey" primary key ("id"), constraint withdrawal_amounts check (amount > 0 and fee >= 0 and fee <= amount));`,
    );
    this.addSql(`create index "withdrawal_status" on "withdrawal" ("status", "requested_at", "id");`);
    this.addSql(`create index "withdrawal_member" on "withdrawal" ("member_id", "requested_at", "id");`);

    this.addSql(
      `create table "earning_entry" ("id" uuid not null, "member_id" uuid not null, "kind" "earning_entry_kind" not null, "source" "earning_source" not null, "amount" int not null, "delta_pending" int not null default 0, "delta_available" int not null default 0, "delta_withdrawing" int not null default 0, "delta_withdrawn" int not null default 0, "delta_debt" int not null default 0, "order_id" uuid null, "order_line_id" uuid null, "line_total" int null, "quantity" int null, "base_amount" int null, "version_id" uuid null, "rate" int null, "fixed_amount" int null, "level" smallint null, "path" uuid[] null, "via" text null, "ref_entry_id" uuid null, "cause" text null, "withdrawal_id" uuid null, "note" text null, "created_by" uuid null, "created_at" timestamptz not null, constraint "earning_entry_pkey" primary key ("id"), constraint earning_entry_level check (level is null or (level >= 1 and level <= 3)));`,
    );
    this.addSql(`create index "earning_entry_order_id_index" on "earning_entry" ("order_id");`);
    this.addSql(`create index "earning_entry_ref_entry_id_index" on "earning_entry" ("ref_entry_id");`);
    this.addSql(`create index "earning_entry_withdrawal" on "earning_entry" ("withdrawal_id") where "withdrawal_id" is not null;`);
    this.addSql(`create index "earning_entry_version" on "earning_entry" ("version_id") where "version_id" is not null;`);
    this.addSql(`create unique index "earning_reversed_once" on "earning_entry" ("ref_entry_id", "cause") where "kind" = 'reversal';`);
    this.addSql(`create unique index "earning_settled_once" on "earning_entry" ("ref_entry_id") where "kind" = 'settlement';`);
    this.addSql(`create unique index "earning_accrual_once" on "earning_entry" ("order_line_id", "member_id", "source") where "kind" = 'accrual';`);
    this.addSql(`create index "earning_entry_created" on "earning_entry" ("created_at", "id");`);
    this.addSql(`create index "earning_entry_member" on "earning_entry" ("member_id", "created_at", "id");`);

    this.addSql(
      `alter table "commission_override" add constraint "commission_override_version_id_foreign" foreign key ("version_id") references "commission_rule_version" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "earning_order" add constraint "earning_order_version_id_foreign" foreign key ("version_id") references "commission_rule_version" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "earning_refund" add constraint "earning_refund_order_id_foreign" foreign key ("order_id") references "earning_order" ("order_id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "member_balance" add constraint "member_balance_member_id_foreign" foreign key ("member_id") references "account" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "withdrawal" add constraint "withdrawal_member_id_foreign" foreign key ("member_id") references "account" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "earning_entry" add constraint "earning_entry_member_id_foreign" foreign key ("member_id") references "account" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "earning_entry" add constraint "earning_entry_order_id_foreign" foreign key ("order_id") references "earning_order" ("order_id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "earning_entry" add constraint "earning_entry_version_id_foreign" foreign key ("version_id") references "commission_rule_version" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "earning_entry" add constraint "earning_entry_ref_entry_id_foreign" foreign key ("ref_entry_id") references "earning_entry" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "earning_entry" add constraint "earning_entry_withdrawal_id_foreign" foreign key ("withdrawal_id") references "withdrawal" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "commission_override" drop constraint "commission_override_version_id_foreign";`);

    this.addSql(`alter table "earning_order" drop constraint "earning_order_version_id_foreign";`);

    this.addSql(`alter table "earning_entry" drop constraint "earning_entry_version_id_foreign";`);

    this.addSql(`alter table "earning_refund" drop constraint "earning_refund_order_id_foreign";`);

    this.addSql(`alter table "earning_entry" drop constraint "earning_entry_order_id_foreign";`);

    this.addSql(`alter table "earning_entry" drop constraint "earning_entry_withdrawal_id_foreign";`);

    this.addSql(`alter table "earning_entry" drop constraint "earning_entry_ref_entry_id_foreign";`);

    this.addSql(`drop table if exists "commission_rule_version" cascade;`);

    this.addSql(`drop table if exists "commission_override" cascade;`);

    this.addSql(`drop table if exists "earning_order" cascade;`);

    this.addSql(`drop table if exists "earning_refund" cascade;`);

    this.addSql(`drop table if exists "member_balance" cascade;`);

    this.addSql(`drop table if exists "withdrawal" cascade;`);

    this.addSql(`drop table if exists "earning_entry" cascade;`);

    this.addSql(`drop type "commission_override_kind";`);
    this.addSql(`drop type "withdrawal_status";`);
    this.addSql(`drop type "earning_entry_kind";`);
    this.addSql(`drop type "earning_source";`);
  }
}
