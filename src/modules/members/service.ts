import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import { Role } from '../../lib/roles';
import { ACCOUNTS } from '../accounts/queries';
import { changeRole, lockAccount } from '../accounts/roles';
import { OrderReads } from '../orders/reads';
import { MembershipMode, MembershipSource } from './entities';
import { MembershipErrorCode as E } from './errors';
import { memberProgramSettings } from './settings';
import { membershipEndedForOrder, membershipOpened } from './hooks';
import { publishMembershipWebhooks } from './webhooks';
import type { RequestContext } from '../../lib/request-context';

export const MAX_DURATION_DAYS = 3650;
/** The lapse sweep ends at most this many memberships per statement, so one run never holds locks for long. */
const LAPSE_BATCH = 500;

export interface Opening {
  planId: string | null;
  source: MembershipSource;
  orderId?: string | null;
  /** null: does not lapse. */
  durationDays: number | null;
}

/** What opening a membership for a paid order did; anything but `opened` is a deliberate no-op. */
export type PurchaseOutcome = 'opened' | 'no-package' | 'order-not-paid' | 'appointed-only' | 'already-recorded' | 'already-member';

export function checkDuration(days: number | null | undefined, field: string[]): void {
  if (days != null && (!Number.isInteger(days) || days < 1 || days > MAX_DURATION_DAYS)) {
    throw new DomainError(E.INVALID_DURATION, `durationDays must be from 1 to ${MAX_DURATION_DAYS}`, field);
  }
}

export const MAX_REASON_LENGTH = 200;

export function cleanReason(reason: string, field: string[]): string {
  const clean = reason.trim();
  if (clean.length < 2 || clean.length > MAX_REASON_LENGTH)
    throw new DomainError(E.INVALID_REASON, `Give a reason of 2 to ${MAX_REASON_LENGTH} characters`, field);
  return clean;
}

export const isUniqueViolation = (err: unknown, constraint: string) =>
  (err instanceof UniqueConstraintViolationException || (err as { code?: string }).code === '23505') &&
  (err as { constraint?: string }).constraint === constraint;

/**
 * Memberships: how they open (package purchase, approved application, operator grant) and end
 * (refund, revocation, lapse). Every change to an account's membership first locks the account row,
 * so an account's membership changes one at a time; the partial unique index `membership_one_open`
 * holds "at most one open" whatever happens, and the account's role moves with the membership in
 * the same transaction by conditional updates (customer → member, member → customer).
 */
export class MemberService {
  constructor(private readonly em: EntityManager) {}

  /** An operator makes a customer a member, in any mode; the plan (optional) must be active. */
  async grant(input: { accountId: string | null; planId: string | null; durationDays?: number | null }): Promise<{ membershipId: string }> {
    checkDuration(input.durationDays, ['input', 'durationDays']);
    return this.em.transactional(async (tx) => {
      const plan = await activePlan(tx, input.planId, ['input', 'planId']);
      const account = input.accountId ? await lockAccount(tx, input.accountId) : null;
      if (!account) throw new DomainError(E.ACCOUNT_NOT_FOUND, 'No account has this id', ['input', 'accountId']);
      const membershipId = await this.openLocked(
        tx,
        account,
        {
          planId: plan?.id ?? null,
          source: MembershipSource.GRANT,
          durationDays: input.durationDays ?? plan?.durationDays ?? null,
        },
        ['input', 'accountId'],
      );
      return { membershipId };
    });
  }

  /** An operator ends a member's open membership; the reason is kept as its end reason. */
  async revoke(input: { accountId: string | null; reason: string }): Promise<{ membershipId: string }> {
    const reason = cleanReason(input.reason, ['input', 'reason']);
    return this.em.transactional(async (tx) => {
      const account = input.accountId ? await lockAccount(tx, input.accountId) : null;
      if (!account) throw new DomainError(E.ACCOUNT_NOT_FOUND, 'No account has this id', ['input', 'accountId']);
      await this.endLapsedOf(tx, account.id);
      const membershipId = await this.endLocked(tx, account.id, `revoked: ${reason}`);
      if (!membershipId) throw new DomainError(E.NOT_A_MEMBER, 'This account has no open membership', ['input', 'accountId']);
      return { membershipId };
    });
  }

  /**
   * Opens a membership inside the caller's transaction, the account row already locked by it.
   * A membership whose endsAt has passed but which the sweep has not ended yet is ended first.
   */
  async openLocked(tx: EntityManager, account: { id: string; role: Role }, opening: Opening, field: string[]): Promise<string> {
    if (account.role === Role.OPERATOR) throw new DomainError(E.NOT_A_CUSTOMER, 'Operators cannot be members', field);
    await this.endLapsedOf(tx, account.id);
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext<Knex.Transaction>();
    const [open] = await conn.execute<{ source: string }[]>(
      'select source from membership where account_id = ? and ended_at is null',
      [account.id],
      'all',
      ctx,
    );
    if (open) throw new DomainError(E.ALREADY_MEMBER, `This account is already a member (by ${open.source})`, field);
    const id = uuidv7();
    try {
      await conn.execute(
        `insert into membership (id, account_id, plan_id, source, order_id, started_at, ends_at)
         values (?, ?, ?, ?, ?, now(), case when ?::int is null then null else now() + make_interval(days => ?::int) end)`,
        [id, account.id, opening.planId, opening.source, opening.orderId ?? null, opening.durationDays, opening.durationDays],
        'run',
        ctx,
      );
    } catch (err) {
      // Unreachable while the account lock holds; the index is what guarantees it.
      if (isUniqueViolation(err, 'membership_one_open')) throw new DomainError(E.ALREADY_MEMBER, 'This account is already a member', field);
      throw err;
    }
    await changeRole(tx, [account.id], Role.CUSTOMER, Role.MEMBER);
    // The `membershipOpened` hooks of the modules in src/modules/index.ts, in that order.
    await membershipOpened(tx, account.id, id);
    await publishMembershipWebhooks(tx, [id], 'membership.opened');
    return id;
  }

  /**
   * `order.paid`: a paid order holding a line of an active plan's package product opens a
   * membership bought by that order. Delivery is at least once, so a membership already recorded
   * for the order ends it here; so do APPOINTED mode (only grants make members), an order no longer
   * paid for (refunded or cancelled before this ran) and an account that is already a member.
   */
  async openForPaidOrder(orderId: string): Promise<PurchaseOutcome> {
    return this.em.transactional(async (tx) => {
      const reads = new OrderReads(tx);
      const order = await reads.order(orderId);
      if (!order || !['paid', 'shipped', 'received', 'completed'].includes(order.status)) return 'order-not-paid';
      const products = (await reads.unitsByProduct(orderId)).filter((u) => u.remaining > 0).map((u) => u.product_id);
      if (products.length === 0) return 'no-package';
      const plans = await tx.getConnection().execute<{ id: string; duration_days: number | null }[]>(
        `select id, duration_days from membership_plan where active and package_product_id in (${products.map(() => '?').join(', ')})
          order by duration_days desc nulls first, id limit 1`,
        products,
        'all',
        tx.getTransactionContext(),
      );
      // Several packages in one order: the longest membership wins (null = never lapses).
      const plan = plans[0];
      if (!plan) return 'no-package';
      if ((await memberProgramSettings(tx)).membershipMode === MembershipMode.APPOINTED) return 'appointed-only';
      const account = await lockAccount(tx, order.customer_id);
      if (!account) return 'order-not-paid';
      const [recorded] = await tx
        .getConnection()
        .execute<{ id: string }[]>('select id from membership where order_id = ? limit 1', [orderId], 'all', tx.getTransactionContext());
      if (recorded) return 'already-recorded';
      try {
        await this.openLocked(tx, account, { planId: plan.id, source: MembershipSource.PURCHASE, orderId, durationDays: plan.duration_days }, ['orderId']);
      } catch (err) {
        if (err instanceof DomainError && (err.code === E.ALREADY_MEMBER || err.code === E.NOT_A_CUSTOMER)) return 'already-member';
        throw err;
      }
      return 'opened';
    });
  }

  /**
   * `order.refunded` / `order.cancelled`: the membership bought by the order ends once the order is
   * cancelled, refunded in full, or no unit of the plan's package product is left unrefunded.
   * Conditional on the membership still being open, so a repeated event changes nothing.
   */
  async endForOrder(orderId: string, event: 'refunded' | 'cancelled'): Promise<boolean> {
    return this.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext<Knex.Transaction>();
      const [membership] = await conn.execute<{ account_id: string; package_product_id: string | null }[]>(
        `select m.account_id, p.package_product_id from membership m left join membership_plan p on p.id = m.plan_id
          where m.order_id = ? and m.ended_at is null`,
        [orderId],
        'all',
        ctx,
      );
      if (!membership) return false;
      const reads = new OrderReads(tx);
      const order = (await reads.order(orderId))!;
      if (event === 'refunded' && order.status !== 'cancelled' && order.refunded_total < order.total) {
        const units = await reads.unitsByProduct(orderId);
        const left = units.find((u) => u.product_id === membership.package_product_id)?.remaining ?? 0;
        if (membership.package_product_id == null || left > 0) return false;
      }
      await lockAccount(tx, membership.account_id);
      const why = event === 'cancelled' ? `order ${order.number} cancelled` : `order ${order.number} refunded`;
      const ended = await this.endLocked(tx, membership.account_id, why, orderId);
      // The `membershipEndedForOrder` hooks of the modules in src/modules/index.ts, in that order.
      if (ended) await membershipEndedForOrder(tx, membership.account_id, ended);
      return ended != null;
    });
  }

  /** Ends the account's open membership (only the one bought by `orderId`, when given); the account row is locked by the caller. */
  private async endLocked(tx: EntityManager, accountId: string, reason: string, orderId?: string): Promise<string | null> {
    const [ended] = await tx
      .getConnection()
      .execute<{ id: string }[]>(
        `update membership set ended_at = now(), end_reason = ? where account_id = ? and ended_at is null${orderId ? ' and order_id = ?' : ''} returning id`,
        [reason, accountId, ...(orderId ? [orderId] : [])],
        'all',
        tx.getTransactionContext(),
      );
    if (!ended) return null;
    await changeRole(tx, [accountId], Role.MEMBER, Role.CUSTOMER);
    await publishMembershipWebhooks(tx, [ended.id], 'membership.ended');
    return ended.id;
  }

  /** The sweep's work for one account, inside a transaction that holds its lock. */
  private async endLapsedOf(tx: EntityManager, accountId: string): Promise<void> {
    const [lapsed] = await tx
      .getConnection()
      .execute<{ id: string }[]>(
        `update membership set ended_at = now(), end_reason = 'lapsed' where account_id = ? and ended_at is null and ends_at <= now() returning id`,
        [accountId],
        'all',
        tx.getTransactionContext(),
      );
    if (lapsed) {
      await changeRole(tx, [accountId], Role.MEMBER, Role.CUSTOMER);
      await publishMembershipWebhooks(tx, [lapsed.id], 'membership.ended');
    }
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const memberService = (ctx: RequestContext): MemberService => new MemberService(ctx.em);

/** The plan of a grant or an approval: none, or an active one. `planId` is null when none was given. */
export async function activePlan(tx: EntityManager, planId: string | null, field: string[]): Promise<{ id: string; durationDays: number | null } | null> {
  if (planId == null) return null;
  const [plan] = await tx
    .getConnection()
    .execute<{ id: string; duration_days: number | null; active: boolean }[]>(
      'select id, duration_days, active from membership_plan where id = ?',
      [planId],
      'all',
      tx.getTransactionContext(),
    );
  if (!plan) throw new DomainError(E.PLAN_NOT_FOUND, 'No membership plan has this id', field);
  if (!plan.active) throw new DomainError(E.PLAN_INACTIVE, 'This membership plan is inactive: activate it or pick another', field);
  return { id: plan.id, durationDays: plan.duration_days };
}

/**
 * Ends every membership whose endsAt has passed, and turns its member back into a customer: set
 * by set, each batch one transaction of two statements. Rows another transaction holds (a grant or
 * revocation in progress) are skipped with SKIP LOCKED and left for the next run, so the sweep never
 * waits and can run in several processes at once. Returns how many ended.
 */
export async function endLapsedMemberships(em: EntityManager): Promise<number> {
  let total = 0;
  for (;;) {
    const ended = await em.fork().transactional(async (tx) => {
      const rows = await tx.getConnection().execute<{ id: string; account_id: string }[]>(
        `with due as (
           select m.id from membership m join ${ACCOUNTS} a on a.id = m.account_id
            where m.ended_at is null and m.ends_at <= now()
            order by m.ends_at limit ${LAPSE_BATCH}
            for update of m, a skip locked)
         update membership m set ended_at = now(), end_reason = 'lapsed' from due where m.id = due.id returning m.id, m.account_id`,
        [],
        'all',
        tx.getTransactionContext(),
      );
      await changeRole(
        tx,
        rows.map((r) => r.account_id),
        Role.MEMBER,
        Role.CUSTOMER,
      );
      await publishMembershipWebhooks(
        tx,
        rows.map((r) => r.id),
        'membership.ended',
      );
      return rows.length;
    });
    total += ended;
    if (ended < LAPSE_BATCH) return total;
  }
}
