import { Migration } from '@mikro-orm/migrations';

/**
 * The operators' daily sales rollup (src/modules/reports): report_day (a grouping level × day ×
 * storefront app × source), report_day_customer (who paid, so paying customers are exact)
 * and report_counted (what the rollup has counted, with its day). Existing orders are counted by
 * the reconciliation (rebuildDays) over the days an operator wants figures for.
 */
export class Migration20261207040000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "report_counted" ("key" text not null, "day" date not null, "counted_at" timestamptz not null, constraint "report_counted_pkey" primary key ("key"));`,
    );
    this.addSql(`create index "report_counted_day" on "report_counted" ("day");`);
    this.addSql(
      `create table "report_day" ("level" smallint not null, "day" date not null, "storefront_app_id" uuid not null, "source_kind" text not null, "source_key" text not null, "gmv_paid" bigint not null default 0, "orders_paid" int not null default 0, "paying_customers" int not null default 0, "refunds" bigint not null default 0, constraint "report_day_pkey" primary key ("level", "day", "storefront_app_id", "source_kind", "source_key"), constraint report_day_figures check (gmv_paid >= 0 and orders_paid >= 0 and paying_customers >= 0 and refunds >= 0));`,
    );
    this.addSql(`create index "report_day_day" on "report_day" ("day");`);
    this.addSql(
      `create table "report_day_customer" ("level" smallint not null, "day" date not null, "storefront_app_id" uuid not null, "source_kind" text not null, "source_key" text not null, "customer_id" uuid not null, constraint "report_day_customer_pkey" primary key ("level", "day", "storefront_app_id", "source_kind", "source_key", "customer_id"));`,
    );
    this.addSql(`create index "report_day_customer_day" on "report_day_customer" ("day");`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "report_day_customer";');
    this.addSql('drop table if exists "report_day";');
    this.addSql('drop table if exists "report_counted";');
  }
}
