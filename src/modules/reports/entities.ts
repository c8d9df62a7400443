import { Check, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The daily sales rollup (rollup.ts). A row is one calendar day, in the operator's time zone, of one
 * group at one grouping level (`level`): a storefront app (ALL_APPS: every app) and a source kind with its
 * detail (ALL_SOURCES: every source). Every paid order adds to the four rows of its day at the four
 * levels, so each level's figures are exact without summing across groups: paying customers, which
 * cannot be summed, are counted per row (report_day_customer). Refunds are added on the day they
 * were refunded. No foreign keys: ALL_APPS is no app, and the rows are figures, not references.
 */
@Entity({ tableName: 'report_day' })
@Index({ name: 'report_day_day', properties: ['day'] })
@Check({ name: 'report_day_figures', expression: 'gmv_paid >= 0 and orders_paid >= 0 and paying_customers >= 0 and refunds >= 0' })
export class ReportDay {
  /** The grouping level (rollup.ts LEVEL): 0 app × source, 1 app, 2 source, 3 everything. First in the key: a report reads one level's days. */
  @PrimaryKey({ type: 'smallint' })
  level: number;

  @PrimaryKey({ type: 'date' })
  day: string;

  @PrimaryKey({ type: 'uuid' })
  storefrontAppId: string;

  /** A source kind (reports' words: direct, member_shop, …), or '*' for every source. */
  @PrimaryKey({ type: 'text' })
  sourceKind: string;

  /** The source within its kind (an article's card, a live session, a placement, a referral level); '' when none. */
  @PrimaryKey({ type: 'text' })
  sourceKey: string;

  /** What the orders paid this day cost their buyers (shipping included). */
  @Property({ type: 'bigint', default: 0 })
  gmvPaid: string = '0';

  @Property({ type: 'integer', default: 0 })
  ordersPaid: number = 0;

  /** Distinct buyers of the orders paid this day. */
  @Property({ type: 'integer', default: 0 })
  payingCustomers: number = 0;

  /** What was refunded this day (whenever its order was paid). */
  @Property({ type: 'bigint', default: 0 })
  refunds: string = '0';
}

/** Who paid on a day, per group and level of report_day: how its paying customers are counted exactly. */
@Entity({ tableName: 'report_day_customer' })
@Index({ name: 'report_day_customer_day', properties: ['day'] })
export class ReportDayCustomer {
  @PrimaryKey({ type: 'smallint' })
  level: number;

  @PrimaryKey({ type: 'date' })
  day: string;

  @PrimaryKey({ type: 'uuid' })
  storefrontAppId: string;

  @PrimaryKey({ type: 'text' })
  sourceKind: string;

  @PrimaryKey({ type: 'text' })
  sourceKey: string;

  @PrimaryKey({ type: 'uuid' })
  customerId: string;
}

/**
 * What the rollup has counted: "paid:<order id>" and "refund:<refund id>", with the day it went to.
 * An event delivered twice, or a payment the reconciliation already counted, finds its key and adds
 * nothing; a rebuild of a day deletes that day's keys and counts them again.
 */
@Entity({ tableName: 'report_counted' })
@Index({ name: 'report_counted_day', properties: ['day'] })
export class ReportCounted {
  @PrimaryKey({ type: 'text' })
  key: string;

  @Property({ type: 'date' })
  day: string;

  @Property({ type: 'timestamptz' })
  countedAt: Date = new Date();
}
