import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { range } from '../../lib/bounds';
import { badInput } from '../../lib/errors';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { money } from '../../lib/money';
import { mapConnection, PageArgs, pageCost, STATEMENT_COST, SUMMARY_COST } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import type { NodeFetcher } from '../manifest';
import { Role } from '../../lib/roles';
import { accountView } from '../accounts/resolver';
import { Account } from '../accounts/types';
import { OverrideKind } from './entities';
import { EarningsReads, type BalanceRow } from './reads';
import { ruleVersionAt, ruleVersion, removeCommissionOverride, setCommissionOverride, updateCommissionSettings } from './settings';
import {
  AdjustEarningsInput,
  AdjustEarningsPayload,
  BucketAmounts,
  CommissionOverrideInput,
  CommissionOverrideType,
  CommissionSettingsInput,
  CommissionSettingsPayload,
  CommissionSettingsType,
  EarningEntryConnection,
  EarningEntryType,
  EarningEntryFilterInput,
  EarningsLiabilities,
  EarningsSummary,
  EarningStatement,
  MemberBalanceType,
  MyEarnings,
  RemoveCommissionOverrideInput,
  RequestWithdrawalInput,
  StatementArgs,
  StatementPeriod,
  TopEarner,
  WithdrawalConnection,
  WithdrawalFilterInput,
  WithdrawalInput,
  WithdrawalPayload,
  WithdrawalReasonInput,
  WithdrawalRules,
  WithdrawalType,
} from './types';
import { bucketAmounts, entryView, overrideView, settingsView, topEarnerView, withdrawalView } from './views';
import { adjustEarnings, WithdrawalService } from './withdrawals';
import { ConnectionType } from '../../lib/pagination';
import { memberLoaders } from '../members/loaders';
import { attributionLoaders } from '../attribution/reads';
import { OrderLineSourceType } from '../attribution/types';
import { lineSourceView } from '../attribution/views';

/** An ID the client gave: its database id, or one matching nothing when it does not decode; null only when none was given. */
const given = (type: string, id: string | null | undefined): string | null => (id == null ? null : (idOf(type, id) ?? NO_SUCH_ID));
const ownOrOperator = (ctx: RequestContext, accountId: string) => !!ctx.viewer && (ctx.viewer.accountId === accountId || ctx.isOperator);
const MAX_STATEMENT_DAYS = 366;
const MAX_TOP_EARNERS = 100;

export const earningEntryNode: NodeFetcher = async (ctx, id) => {
  const row = await new EarningsReads(ctx.em).entry(id);
  return row && ownOrOperator(ctx, row.member_id) ? entryView(row) : null;
};
export const withdrawalNode: NodeFetcher = async (ctx, id) => {
  const row = await new EarningsReads(ctx.em).withdrawal(id);
  return row && ownOrOperator(ctx, row.member_id) ? withdrawalView(row) : null;
};

const withdrawalPayload = async (ctx: RequestContext, id: string) => ({ withdrawal: withdrawalView((await new EarningsReads(ctx.em).withdrawal(id))!) });

function entryFilter(filter: EarningEntryFilterInput | undefined) {
  return { sources: filter?.sources, kinds: filter?.kinds, states: filter?.states, from: filter?.from, to: filter?.to };
}

export const CommissionOverrideConnection = ConnectionType(CommissionOverrideType, 'CommissionOverride', 'commission override');

@Resolver(() => CommissionSettingsType)
export class CommissionSettingsResolver {
  @Authorized(Role.OPERATOR)
  @Query(() => CommissionSettingsType, { description: 'The commission rules in force now. Operators only.' })
  async commissionSettings(@Ctx() ctx: RequestContext): Promise<CommissionSettingsType> {
    return settingsView(await ruleVersionAt(ctx.em));
  }

  @FieldResolver(() => CommissionOverrideConnection, {
    complexity: pageCost,
    description: "The products' and SKUs' own commissions in this version of the rules.",
  })
  async overrides(@Root() settings: CommissionSettingsType, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return mapConnection(await new EarningsReads(ctx.em).overrides(settings.versionDbId, page), overrideView);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => CommissionSettingsPayload, {
    description: 'Changes the commission rules: a new version, effective now; orders paid before keep earning by theirs. Operators only.',
  })
  updateCommissionSettings(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CommissionSettingsInput, { description: 'The changes.' }) input: CommissionSettingsInput,
  ): Promise<CommissionSettingsPayload> {
    return payload(
      async () => {
        const id = await updateCommissionSettings(ctx.em, ctx.viewer!.accountId, {
          ...input,
          bonusLevel1: input.membershipBonusLevel1,
          bonusLevel2: input.membershipBonusLevel2,
        });
        return { settings: settingsView((await ruleVersion(ctx.em, id))!) };
      },
      { settings: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => CommissionSettingsPayload, {
    description: "Sets a product's or SKU's own commission (replacing its previous one): a new version of the rules, effective now. Operators only.",
  })
  setCommissionOverride(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CommissionOverrideInput, { description: 'The override.' }) input: CommissionOverrideInput,
  ): Promise<CommissionSettingsPayload> {
    return payload(
      async () => {
        const values = input.kind === OverrideKind.PERCENT ? input.levelRates : input.levelAmounts;
        if (values == null || values.length < 1 || values.length > 3)
          throw badInput(
            `Give 1 to 3 ${input.kind === OverrideKind.PERCENT ? 'levelRates' : 'levelAmounts'} for a ${input.kind.toUpperCase()} override`,
            'input',
          );
        const [level1 = 0, level2 = 0, level3 = 0] = values;
        const id = await setCommissionOverride(ctx.em, ctx.viewer!.accountId, {
          productId: given('Product', input.productId),
          skuId: given('Sku', input.skuId),
          kind: input.kind,
          level1,
          level2,
          level3,
        });
        return { settings: settingsView((await ruleVersion(ctx.em, id))!) };
      },
      { settings: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => CommissionSettingsPayload, {
    description: "Removes a product's or SKU's own commission: a new version of the rules, effective now. Operators only.",
  })
  removeCommissionOverride(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RemoveCommissionOverrideInput, { description: 'Which override.' }) input: RemoveCommissionOverrideInput,
  ): Promise<CommissionSettingsPayload> {
    return payload(
      async () => {
        const id = await removeCommissionOverride(ctx.em, ctx.viewer!.accountId, given('Product', input.productId), given('Sku', input.skuId));
        return { settings: settingsView((await ruleVersion(ctx.em, id))!) };
      },
      { settings: null },
    );
  }
}

@Resolver(() => MyEarnings)
export class MyEarningsResolver {
  @Authorized(Role.CUSTOMER)
  @Query(() => MyEarnings, {
    nullable: true,
    description: 'Your earnings: summary, ledger, statements. A member whose membership ended keeps seeing (and withdrawing) what they earned.',
  })
  myEarnings(@Ctx() ctx: RequestContext): MyEarnings {
    return { memberDbId: ctx.viewer!.accountId };
  }

  @FieldResolver(() => EarningsSummary, { complexity: SUMMARY_COST, description: 'Your balances and what you earned today.' })
  async summary(@Root() me: MyEarnings, @Ctx() ctx: RequestContext): Promise<EarningsSummary> {
    const reads = new EarningsReads(ctx.em);
    const [b, today] = await Promise.all([reads.balance(me.memberDbId), reads.todayEstimate(me.memberDbId)]);
    return {
      todayEstimate: money(Math.max(0, today)),
      pending: money(b.pending),
      available: money(b.available),
      withdrawing: money(b.withdrawing),
      withdrawn: money(b.withdrawn),
      debt: money(b.debt),
      lifetime: money(Math.max(0, b.pending + b.available + b.withdrawing + b.withdrawn - b.debt)),
    };
  }

  @FieldResolver(() => EarningEntryConnection, { complexity: pageCost, description: 'Your ledger entries, newest first.' })
  async entries(
    @Root() me: MyEarnings,
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => EarningEntryFilterInput, { nullable: true, description: 'Filters.' }) filter?: EarningEntryFilterInput,
  ) {
    return mapConnection(await new EarningsReads(ctx.em).entries(page, { memberId: me.memberDbId, ...entryFilter(filter) }), entryView);
  }

  @FieldResolver(() => [EarningStatement], {
    complexity: STATEMENT_COST,
    description: "Your statement per day or month (shops' time zone) over at most 366 days; periods with no entries are left out.",
  })
  async statements(@Root() me: MyEarnings, @Ctx() ctx: RequestContext, @Args() args: StatementArgs): Promise<EarningStatement[]> {
    if (args.to <= args.from) throw badInput('to must be after from', 'to');
    if (args.to.getTime() - args.from.getTime() > MAX_STATEMENT_DAYS * 86_400_000) throw badInput(`At most ${MAX_STATEMENT_DAYS} days`, 'to');
    const rows = await new EarningsReads(ctx.em).statements(me.memberDbId, args.period === StatementPeriod.DAY ? 'day' : 'month', args.from, args.to);
    return rows.map((r) => ({
      periodStart: new Date(r.period_start),
      earned: money(r.earned),
      reversed: money(r.reversed),
      settled: money(r.settled),
      withdrawn: money(r.withdrawn),
    }));
  }

  @FieldResolver(() => WithdrawalRules, { description: 'The minimum and fee of a withdrawal now.' })
  async withdrawalRules(@Ctx() ctx: RequestContext): Promise<WithdrawalRules> {
    const v = await ruleVersionAt(ctx.em);
    return { minimum: money(v.withdrawal_minimum), feeRate: v.withdrawal_fee_rate };
  }
}

@Resolver(() => WithdrawalType)
export class WithdrawalResolver {
  @Authorized(Role.CUSTOMER)
  @Query(() => WithdrawalConnection, { nullable: true, complexity: pageCost, description: 'Your withdrawals, newest first.' })
  async myWithdrawals(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => WithdrawalFilterInput, { nullable: true, description: 'Filters.' }) filter?: WithdrawalFilterInput,
  ) {
    return mapConnection(await new EarningsReads(ctx.em).withdrawals(page, { memberId: ctx.viewer!.accountId, statuses: filter?.statuses }), withdrawalView);
  }

  @Authorized(Role.OPERATOR)
  @Query(() => WithdrawalConnection, { complexity: pageCost, description: 'Withdrawals, oldest first (e.g. the REQUESTED ones to review). Operators only.' })
  async withdrawals(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => WithdrawalFilterInput, { nullable: true, description: 'Filters.' }) filter?: WithdrawalFilterInput,
  ) {
    return mapConnection(await new EarningsReads(ctx.em).withdrawals(page, { statuses: filter?.statuses }), withdrawalView);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'The member who asked for it.' })
  async member(@Root() w: WithdrawalType, @Ctx() ctx: RequestContext): Promise<Account | null> {
    const account = await ctx.use(memberLoaders).account.load(w.memberDbId);
    return account && accountView(account);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => WithdrawalPayload, {
    description:
      'Withdraws from your available earnings: held at once (REQUESTED), then an operator approves and pays it. Refused below the minimum (BELOW_MINIMUM), beyond what is available (INSUFFICIENT_AVAILABLE), or while you carry a debt (DEBT_OUTSTANDING).',
  })
  requestWithdrawal(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RequestWithdrawalInput, { description: 'How much.' }) input: RequestWithdrawalInput,
  ): Promise<WithdrawalPayload> {
    return payload(
      async () => withdrawalPayload(ctx, (await new WithdrawalService(ctx.em).request(ctx.viewer!.accountId, input.amount, input.idempotencyKey)).withdrawalId),
      { withdrawal: null },
    );
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => WithdrawalPayload, { description: 'Approves a REQUESTED withdrawal. Operators only.' })
  approveWithdrawal(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => WithdrawalInput, { description: 'Which.' }) input: WithdrawalInput,
  ): Promise<WithdrawalPayload> {
    return this.step(ctx, input.withdrawalId, (s, id) => s.approve(ctx.viewer!.accountId, id, input.idempotencyKey));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => WithdrawalPayload, {
    description: 'Rejects a REQUESTED withdrawal with a reason; the money goes back to available (paying any debt first). Operators only.',
  })
  rejectWithdrawal(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => WithdrawalReasonInput, { description: 'Which, and why.' }) input: WithdrawalReasonInput,
  ): Promise<WithdrawalPayload> {
    return this.step(ctx, input.withdrawalId, (s, id) => s.reject(ctx.viewer!.accountId, id, input.reason, input.idempotencyKey));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => WithdrawalPayload, { description: 'Marks an APPROVED withdrawal paid out: the money moves from withdrawing to withdrawn. Operators only.' })
  markWithdrawalPaid(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => WithdrawalInput, { description: 'Which.' }) input: WithdrawalInput,
  ): Promise<WithdrawalPayload> {
    return this.step(ctx, input.withdrawalId, (s, id) => s.markPaid(ctx.viewer!.accountId, id, input.idempotencyKey));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => WithdrawalPayload, {
    description: 'Marks an APPROVED withdrawal failed, with a reason; the money goes back to available (paying any debt first). Operators only.',
  })
  markWithdrawalFailed(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => WithdrawalReasonInput, { description: 'Which, and why.' }) input: WithdrawalReasonInput,
  ): Promise<WithdrawalPayload> {
    return this.step(ctx, input.withdrawalId, (s, id) => s.markFailed(ctx.viewer!.accountId, id, input.reason, input.idempotencyKey));
  }

  private step(ctx: RequestContext, withdrawalId: string, work: (s: WithdrawalService, id: string | null) => Promise<void>): Promise<WithdrawalPayload> {
    return payload(
      async () => {
        const id = given('Withdrawal', withdrawalId);
        await work(new WithdrawalService(ctx.em), id);
        return withdrawalPayload(ctx, id!);
      },
      { withdrawal: null },
    );
  }
}

@Resolver(() => TopEarner)
export class EarningsOperatorResolver {
  @Authorized(Role.OPERATOR)
  @Query(() => EarningsLiabilities, { description: 'What the platform owes its members: every balance added up. Operators only.' })
  async earningsLiabilities(@Ctx() ctx: RequestContext): Promise<EarningsLiabilities> {
    const l = await new EarningsReads(ctx.em).liabilities();
    return {
      pending: money(l.pending),
      available: money(l.available),
      withdrawing: money(l.withdrawing),
      total: money(l.pending + l.available + l.withdrawing),
      debt: money(l.debt),
      withdrawn: money(l.withdrawn),
      members: l.members,
    };
  }

  @Authorized(Role.OPERATOR)
  @Query(() => MemberBalanceType, {
    complexity: SUMMARY_COST,
    description: "One member's balances (zeros for an account with no earnings) beside their ledger added up per bucket. Operators only.",
  })
  async memberBalance(
    @Ctx() ctx: RequestContext,
    @Arg('accountId', () => ID, { description: "The member's account." }) accountId: string,
  ): Promise<MemberBalanceType> {
    const memberId = given('Account', accountId)!;
    const reads = new EarningsReads(ctx.em);
    const [balances, ledger] = await Promise.all([reads.balance(memberId), reads.ledgerSums(memberId)]);
    return { memberDbId: memberId, balances: bucketAmounts(balances), ledger: bucketAmounts(ledger), reconciles: sameBuckets(balances, ledger) };
  }

  @Authorized(Role.OPERATOR)
  @Query(() => EarningEntryConnection, { complexity: pageCost, description: "A member's ledger, newest first. Operators only." })
  async memberLedger(
    @Ctx() ctx: RequestContext,
    @Arg('accountId', () => ID, { description: "The member's account." }) accountId: string,
    @Args() page: PageArgs,
    @Arg('filter', () => EarningEntryFilterInput, { nullable: true, description: 'Filters.' }) filter?: EarningEntryFilterInput,
  ) {
    return mapConnection(await new EarningsReads(ctx.em).entries(page, { memberId: given('Account', accountId)!, ...entryFilter(filter) }), entryView);
  }

  @Authorized(Role.OPERATOR)
  @Query(() => [TopEarner], {
    description: `The members who earned most (accruals less reversals) in a period, most first: a ranking of at most ${MAX_TOP_EARNERS}, not a list to page through. Operators only.`,
  })
  async topEarners(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => GraphQLDateTimeISO, { description: 'From (inclusive).' }) from: Date,
    @Arg('to', () => GraphQLDateTimeISO, { description: 'To (exclusive).' }) to: Date,
    @Arg('first', () => Int, { defaultValue: 10, ...range(1, MAX_TOP_EARNERS, 'How many.') }) first: number,
  ): Promise<TopEarner[]> {
    if (first < 1 || first > MAX_TOP_EARNERS) throw badInput(`first must be 1 to ${MAX_TOP_EARNERS}`, 'first');
    if (to <= from) throw badInput('to must be after from', 'to');
    return (await new EarningsReads(ctx.em).topEarners(from, to, first)).map(topEarnerView);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'The member.' })
  async member(@Root() top: TopEarner, @Ctx() ctx: RequestContext): Promise<Account | null> {
    const account = await ctx.use(memberLoaders).account.load(top.accountDbId);
    return account && accountView(account);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => AdjustEarningsPayload, {
    description:
      "Corrects a member's earnings with an ADJUSTMENT entry and a reason: a credit pays any debt first; a debit takes from available and puts any shortfall into debt. Operators only.",
  })
  adjustEarnings(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AdjustEarningsInput, { description: 'Whose, how much, which way, why.' }) input: AdjustEarningsInput,
  ): Promise<AdjustEarningsPayload> {
    return payload(
      async () => {
        const { entryId } = await adjustEarnings(ctx.em, ctx.viewer!.accountId, {
          memberId: given('Account', input.accountId),
          amount: input.amount,
          debit: input.debit,
          reason: input.reason,
          key: input.idempotencyKey,
        });
        return { entry: entryView((await new EarningsReads(ctx.em).entry(entryId))!) };
      },
      { entry: null },
    );
  }
}

const sameBuckets = (a: BalanceRow, b: BalanceRow) =>
  a.pending === b.pending && a.available === b.available && a.withdrawing === b.withdrawing && a.withdrawn === b.withdrawn && a.debt === b.debt;

@Resolver(() => MemberBalanceType)
export class MemberBalanceResolver {
  @FieldResolver(() => Account, { nullable: true, description: "The member's account; null when no account has this id." })
  async member(@Root() balance: MemberBalanceType, @Ctx() ctx: RequestContext): Promise<Account | null> {
    const account = await ctx.use(memberLoaders).account.load(balance.memberDbId);
    return account && accountView(account);
  }
}

@Resolver(() => EarningsLiabilities)
export class EarningsReconciliationResolver {
  @FieldResolver(() => BucketAmounts, {
    complexity: STATEMENT_COST,
    description: "The whole ledger added up per bucket (every entry's movements): equal to the balances when the books reconcile. Reads every entry.",
  })
  async ledger(@Ctx() ctx: RequestContext): Promise<BucketAmounts> {
    return bucketAmounts(await new EarningsReads(ctx.em).ledgerSums());
  }

  @FieldResolver(() => Boolean, {
    complexity: STATEMENT_COST,
    description: 'Whether every bucket of the balances added up equals the same bucket of the ledger added up.',
  })
  async reconciles(@Ctx() ctx: RequestContext): Promise<boolean> {
    const reads = new EarningsReads(ctx.em);
    const [balances, ledger] = await Promise.all([reads.liabilities(), reads.ledgerSums()]);
    return sameBuckets(balances, ledger);
  }
}

@Resolver(() => EarningEntryType)
export class EarningEntrySourceResolver {
  @FieldResolver(() => OrderLineSourceType, {
    nullable: true,
    description:
      "Where the entry's order line came from, frozen at checkout: for a content card its article (OrderLineSource.article), title and card. Seen with the entry (its member and operators). Null for entries of no order line, and lines placed before lines had their own source.",
  })
  async lineSource(@Root() entry: EarningEntryType, @Ctx() ctx: RequestContext): Promise<OrderLineSourceType | null> {
    const row = entry.orderLineDbId ? await ctx.use(attributionLoaders).byLine.load(entry.orderLineDbId) : null;
    return row && lineSourceView(row);
  }
}
