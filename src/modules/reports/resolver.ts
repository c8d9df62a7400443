import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { maxItems } from '../../lib/bounds';
import { JOB_QUEUE } from '../../lib/jobs';
import { STATISTICS_COST } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { MAX_REPORT_DAYS, reportTotal, salesReport } from './figures';
import { scheduleRebuild } from './rebuild';
import { CampaignResults, RebuildSalesReportInput, RebuildSalesReportPayload, SalesReport, SalesReportGrouping, SalesReportRow } from './types';
import { campaignFigures } from './campaigns';
import { campaignView, rowView } from './views';

@Resolver(() => SalesReport)
export class SalesReportResolver {
  @Authorized(Role.OPERATOR)
  @Query(() => SalesReport, {
    complexity: STATISTICS_COST,
    description: `Daily sales figures in the operator's time zone, for a day or a window of days (at most ${MAX_REPORT_DAYS}), beside the period of the same length just before it: GMV paid, orders paid, paying customers, average order value, refunds (by the day they were refunded) and net — per day, storefront app and attribution source as groupBy asks. Operators only.`,
  })
  async salesReport(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => GraphQLLocalDate, { description: "First day of the window (a calendar day of the operator's time zone)." }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: `Last day of the window, included; at most ${MAX_REPORT_DAYS} days after from (refused otherwise).` })
    to: string,
    @Arg('groupBy', () => [SalesReportGrouping], {
      defaultValue: [SalesReportGrouping.DAY],
      ...maxItems(3, 'What the rows are per, any of DAY, CHANNEL and SOURCE (at most 3); empty: one row, the whole window.'),
    })
    groupBy: SalesReportGrouping[],
  ): Promise<SalesReport> {
    const report = await salesReport(ctx.em, from, to, groupBy);
    return { ...report, rows: report.rows.map(rowView) };
  }

  @FieldResolver(() => SalesReportRow, {
    complexity: STATISTICS_COST,
    description: 'The whole window beside the whole previous period (paying customers counted distinct over each window).',
  })
  async total(@Root() report: SalesReport, @Ctx() ctx: RequestContext): Promise<SalesReportRow> {
    return rowView(await reportTotal(ctx.em, report.from, report.to));
  }

  @Authorized(Role.OPERATOR)
  @Query(() => CampaignResults, {
    complexity: STATISTICS_COST,
    description: `Campaign results over a window of calendar days (at most ${MAX_REPORT_DAYS}) in the operator's time zone: coupon cost and redemption, flash-sale sell-through, group-buy success rate and refunds, bargain completion, and the cost of each kind of discount. Operators only.`,
  })
  async campaignResults(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => GraphQLLocalDate, { description: "First day of the window (a calendar day of the operator's time zone)." }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: `Last day of the window, included; at most ${MAX_REPORT_DAYS} days after from (refused otherwise).` })
    to: string,
  ): Promise<CampaignResults> {
    return campaignView(from, to, await campaignFigures(ctx.em, from, to));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => RebuildSalesReportPayload, {
    description:
      "Rebuilds the daily sales figures of a window of days from the orders and refunds, in the background (chunks of 31 days): for the days before reports existed, or the whole span after the operator's time zone changed. Operators only.",
  })
  rebuildSalesReport(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RebuildSalesReportInput, { description: 'The days.' }) input: RebuildSalesReportInput,
  ): Promise<RebuildSalesReportPayload> {
    return payload(async () => ({ chunks: await scheduleRebuild(ctx.em, ctx.need(JOB_QUEUE), input.from, input.to) }), { chunks: null });
  }
}
