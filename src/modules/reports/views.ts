import { toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import type { Figures, FigureRow } from './figures';
import type { CampaignFigures } from './campaigns';
import type { CampaignResults, SalesChange, SalesFigures, SalesReportRow, SalesSource } from './types';

/** The figures with what derives from them: the average order value (halves up) and net. */
export function figuresView(f: Figures): SalesFigures {
  return {
    gmvPaid: money(f.gmvPaid),
    ordersPaid: f.ordersPaid,
    payingCustomers: f.payingCustomers,
    averageOrderValue: f.ordersPaid === 0 ? null : money(averageFen(f)),
    refunds: money(f.refunds),
    net: money(f.gmvPaid - f.refunds),
  };
}

const averageFen = (f: Figures) => Math.floor((2 * f.gmvPaid + f.ordersPaid) / (2 * f.ordersPaid));

/** (current − previous) / |previous|, to four places; null — never infinite — when the previous is 0 (or absent). */
export function change(current: number | null, previous: number | null): number | null {
  if (current == null || previous == null || previous === 0) return null;
  return Math.round(((current - previous) / Math.abs(previous)) * 10_000) / 10_000;
}

function changeView(c: Figures, p: Figures): SalesChange {
  return {
    gmvPaid: change(c.gmvPaid, p.gmvPaid),
    ordersPaid: change(c.ordersPaid, p.ordersPaid),
    payingCustomers: change(c.payingCustomers, p.payingCustomers),
    averageOrderValue: change(c.ordersPaid ? averageFen(c) : null, p.ordersPaid ? averageFen(p) : null),
    refunds: change(c.refunds, p.refunds),
    net: change(c.gmvPaid - c.refunds, p.gmvPaid - p.refunds),
  };
}

export function rowView(r: FigureRow): SalesReportRow {
  return {
    day: r.day,
    previousDay: r.previousDay,
    storefrontAppId: r.storefrontAppId && toGlobalId('StorefrontApp', r.storefrontAppId),
    source: (r.sourceKind as SalesSource | null) ?? null,
    sourceDetail: r.sourceKey,
    figures: figuresView(r.current),
    previous: figuresView(r.previous),
    change: changeView(r.current, r.previous),
  };
}

/** part / whole to four places; null when the whole is 0. */
const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

export function campaignView(from: string, to: string, c: CampaignFigures): CampaignResults {
  return {
    from,
    to,
    coupons: {
      issued: c.coupons.issued,
      usedOfIssued: c.coupons.usedOfIssued,
      redemptionRate: rate(c.coupons.usedOfIssued, c.coupons.issued),
      used: c.coupons.used,
      cost: money(c.costs.find((x) => x.code === 'COUPON')?.cost ?? 0),
    },
    flashSales: { ...c.flashSales, sellThrough: rate(c.flashSales.unitsSold, c.flashSales.unitsOffered) },
    groupBuys: {
      succeeded: c.groupBuys.succeeded,
      failed: c.groupBuys.failed,
      successRate: rate(c.groupBuys.succeeded, c.groupBuys.succeeded + c.groupBuys.failed),
      refunds: money(c.groupBuys.refunds),
      refundedMembers: c.groupBuys.refundedMembers,
    },
    bargains: {
      started: c.bargains.started,
      bought: c.bargains.bought,
      completionRate: rate(c.bargains.bought, c.bargains.started),
      reachedFloor: c.bargains.reachedFloor,
      cost: money(c.bargains.cutOfBought),
    },
    discountCosts: c.costs.map((x) => ({ code: x.code, cost: money(x.cost), orders: x.orders })),
  };
}
