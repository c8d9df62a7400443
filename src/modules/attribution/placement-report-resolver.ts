import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { idOf, NO_SUCH_ID, toGlobalId } from '../../lib/ids';
import { money } from '../../lib/money';
import { STATISTICS_COST } from '../../lib/pagination';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { MAX_REPORT_DAYS, placementReport, type PlacementFiguresRow, type PlacementReportRow, type ReportScope } from './placement-report';
import { PlacementFigures, PlacementSales, SalesByPlacement } from './placement-report-types';

function figures(row: PlacementFiguresRow | undefined): PlacementFigures {
  return {
    orders: row?.orders ?? 0,
    units: Number(row?.units ?? 0),
    gmv: money(Number(row?.gmv ?? 0)),
    paid: money(Number(row?.paid ?? 0)),
    refunded: money(Number(row?.refunded ?? 0)),
  };
}

export function salesByPlacementView(from: string, to: string, rows: PlacementReportRow[]): SalesByPlacement {
  const total = rows.find((r) => r.level === 'total');
  const groups = new Map<string, PlacementSales>();
  const key = (r: PlacementReportRow) => `${r.site_id}\u0000${r.placement ?? ''}\u0000${r.placement === null}`;
  for (const r of rows.filter((x) => x.level === 'group')) {
    groups.set(key(r), {
      ...figures(r),
      site: { id: toGlobalId('StorefrontApp', r.site_id!), name: r.site_name ?? '' },
      placement: r.placement,
      days: [],
    });
  }
  for (const r of rows.filter((x) => x.level === 'day')) groups.get(key(r))?.days.push({ ...figures(r), day: r.day! });
  return { ...figures(total), from, to, groupCount: total?.groups ?? 0, groups: [...groups.values()] };
}

async function report(ctx: RequestContext, from: string, to: string, scope: ReportScope): Promise<SalesByPlacement> {
  return salesByPlacementView(from, to, await placementReport(ctx.em, from, to, scope));
}

const WINDOW = `A window of at most ${MAX_REPORT_DAYS} days (BAD_USER_INPUT otherwise).`;

/** Sales per site (storefront app) and buy-button placement: every order for operators, a creator's attributed lines for them. */
@Resolver()
export class PlacementReportResolver {
  @Authorized(Role.OPERATOR)
  @Query(() => SalesByPlacement, {
    complexity: STATISTICS_COST,
    description: `Orders, units, GMV, paid and refunded per site (storefront app) and buy-button placement, by day and in total, over a window of calendar days (China time, by when the orders were placed). ${WINDOW} Operators only.`,
  })
  salesByPlacement(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => GraphQLLocalDate, { description: 'First day.' }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: 'Last day (included).' }) to: string,
    @Arg('siteId', () => ID, { nullable: true, description: "Only this site's orders (a StorefrontApp.id)." }) siteId?: string,
  ): Promise<SalesByPlacement> {
    return report(ctx, from, to, { siteId: siteId == null ? null : (idOf('StorefrontApp', siteId) ?? NO_SUCH_ID) });
  }

  @Authorized()
  @Query(() => SalesByPlacement, {
    complexity: STATISTICS_COST,
    description: `The same figures over the order lines attributed to you through one of your links (a content card, your shop, a product or live link): per site and buy-button placement, by day and in total; units, GMV, paid and refunded count only those lines, orders the orders they are in. ${WINDOW} Signed in.`,
  })
  mySalesByPlacement(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => GraphQLLocalDate, { description: 'First day.' }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: 'Last day (included).' }) to: string,
  ): Promise<SalesByPlacement> {
    return report(ctx, from, to, { sharerId: ctx.viewer!.accountId });
  }
}
