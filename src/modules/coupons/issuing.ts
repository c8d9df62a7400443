import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { uuidv7 } from '../../lib/ids';
import { Role } from '../../lib/roles';
import { existingAccountIds } from '../accounts/queries';
import { CouponDistribution } from './entities';
import { CouponErrorCode as E } from './errors';

export interface TemplateRow {
  id: string;
  distribution: CouponDistribution;
  ended_at: Date | null;
  claim_starts_at: Date | null;
  claim_ends_at: Date | null;
  total_quantity: number | null;
  /** Null: the coupon is a reward (share pack, sign-in, order gift), not a claim — no per-customer counter. */
  per_customer_limit: number | null;
}

export const MAX_GRANT_ACCOUNTS = 100;

const notFound = () => new DomainError(E.TEMPLATE_NOT_FOUND, 'No coupon template has this id', ['input', 'templateId']);

/**
 * Issues one coupon of a template to a customer inside the caller's transaction. Both limits are
 * held by the database: the per-customer counter only grows by an upsert refused at the limit, and
 * the template's `issued` only by a conditional increment refused at the total (a check backs it).
 * Rewards (per_customer_limit null) are neither counted nor limited per customer: their own rule
 * (one per streak day, per pack, per order) holds them. Returns the coupon's id.
 */
export async function issueCoupon(tx: EntityManager, template: TemplateRow, accountId: string, membershipId: string | null = null): Promise<string> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext<Knex.Transaction>();
  const counted =
    template.per_customer_limit == null
      ? [{ claimed: 0 }]
      : await conn.execute<{ claimed: number }[]>(
          `insert into coupon_claim_count (template_id, account_id, claimed) values (?, ?, 1)
     on conflict (template_id, account_id) do update set claimed = coupon_claim_count.claimed + 1 where coupon_claim_count.claimed < ?
     returning claimed`,
          [template.id, accountId, template.per_customer_limit],
          'all',
          ctx,
        );
  if (counted.length === 0) {
    throw new DomainError(
      E.LIMIT_REACHED,
      `You already have ${template.per_customer_limit === 1 ? 'this coupon' : `the most of this coupon one customer may get (${template.per_customer_limit})`}`,
      ['input', 'templateId'],
    );
  }
  const [taken] = await conn.execute<{ id: string; validity: string; valid_from: Date | null; valid_until: Date | null; valid_days: number | null }[]>(
    `update coupon_template set issued = issued + 1 where id = ? and ended_at is null and (total_quantity is null or issued < total_quantity)
     returning id, validity, valid_from, valid_until, valid_days`,
    [template.id],
    'all',
    ctx,
  );
  if (!taken) {
    throw template.ended_at
      ? new DomainError(E.TEMPLATE_ENDED, 'This coupon has ended', ['input', 'templateId'])
      : new DomainError(E.SOLD_OUT, `All ${template.total_quantity} of this coupon have been claimed`, ['input', 'templateId']);
  }
  const [coupon] = await conn.execute<{ id: string }[]>(
    `insert into coupon (id, template_id, owner_id, status, valid_from, valid_until, issued_at, membership_id)
     select gen_random_uuid(), t.id, ?, 'available',
            case when t.validity = 'fixed' then t.valid_from else now() end,
            case when t.validity = 'fixed' then t.valid_until else now() + make_interval(days => t.valid_days) end,
            now(), ?
       from coupon_template t where t.id = ?
     returning id`,
    [accountId, membershipId, template.id],
    'all',
    ctx,
  );
  return coupon.id;
}

/**
 * Issues one coupon of a template with its own amount off (a red-packet share: a no-threshold coupon
 * of the share's amount), inside the caller's transaction, by issueCoupon's rules. Returns its id.
 */
export async function issueCouponOfAmount(tx: EntityManager, template: TemplateRow, accountId: string, amountOff: number): Promise<string> {
  const id = await issueCoupon(tx, template, accountId);
  await tx.getConnection().execute('update coupon set amount_off = ? where id = ?', [amountOff, id], 'run', tx.getTransactionContext());
  return id;
}

async function templateRow(tx: EntityManager, templateId: string | null): Promise<TemplateRow> {
  if (!templateId) throw notFound();
  const [row] = await tx
    .getConnection()
    .execute<TemplateRow[]>(
      'select id, distribution, ended_at, claim_starts_at, claim_ends_at, total_quantity, per_customer_limit from coupon_template where id = ?',
      [templateId],
      'all',
      tx.getTransactionContext(),
    );
  if (!row) throw notFound();
  return row;
}

/**
 * Issues the coupons of templates of one distribution (new customer, invite reward…) to a customer;
 * ended or sold-out templates are skipped. A membership's gifts remember the membership.
 */
export async function issueByDistribution(
  tx: EntityManager,
  distribution: CouponDistribution,
  accountId: string,
  membershipId: string | null = null,
): Promise<string[]> {
  const templates = await tx.getConnection().execute<TemplateRow[]>(
    `select id, distribution, ended_at, claim_starts_at, claim_ends_at, total_quantity, per_customer_limit from coupon_template
      where distribution = ? and ended_at is null and (total_quantity is null or issued < total_quantity) order by id`,
    [distribution],
    'all',
    tx.getTransactionContext(),
  );
  const issued: string[] = [];
  for (const template of templates) {
    await tx.getConnection().execute('savepoint coupon_issue', [], 'run', tx.getTransactionContext());
    try {
      issued.push(await issueCoupon(tx, template, accountId, membershipId));
      await tx.getConnection().execute('release savepoint coupon_issue', [], 'run', tx.getTransactionContext());
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      await tx.getConnection().execute('rollback to savepoint coupon_issue', [], 'run', tx.getTransactionContext());
    }
  }
  return issued;
}

const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;

/**
 * Takes back coupons (a gift whose order, or a membership gift whose membership, was cancelled or
 * refunded): each is marked once; an available one is REVOKED at once, one locked or used by an
 * order stays with it but becomes REVOKED, not available, if that order is cancelled or refunded
 * in full (see CouponRedemption.giveBack). Returns how many were revoked at once.
 */
export async function takeBackCoupons(tx: EntityManager, where: 'id' | 'membership_id', id: string): Promise<number> {
  const rows = await tx.getConnection().execute<{ status: string }[]>(
    `update coupon set revoked_at = now(), status = (case when status = 'available' then 'revoked' else status end)::coupon_status
      where ${where} = ? and revoked_at is null and status in ('available', 'locked', 'used') returning status`,
    [id],
    'all',
    tx.getTransactionContext(),
  );
  return rows.filter((r) => r.status === 'revoked').length;
}

/**
 * An operator's grant, in three statements whatever the number of customers: the template's
 * `issued` grows by all of them at once (refused past the total), each customer's counter by their
 * share (grants are deliberate: they count toward, but are not refused by, the per-customer limit),
 * and the coupons are written in one insert. Returns the coupons' ids in the order of the accounts.
 */
async function grantSetBased(tx: EntityManager, template: TemplateRow, accountIds: string[]): Promise<string[]> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext<Knex.Transaction>();
  const [taken] = await conn.execute<{ id: string }[]>(
    'update coupon_template set issued = issued + ? where id = ? and ended_at is null and (total_quantity is null or issued + ? <= total_quantity) returning id',
    [accountIds.length, template.id, accountIds.length],
    'all',
    ctx,
  );
  if (!taken) throw new DomainError(E.SOLD_OUT, `Not enough of this coupon left to issue ${accountIds.length}`, ['input', 'accountIds']);
  await conn.execute(
    `insert into coupon_claim_count (template_id, account_id, claimed)
     select ?, a, count(*) from unnest(?::uuid[]) as a group by a
     on conflict (template_id, account_id) do update set claimed = coupon_claim_count.claimed + excluded.claimed`,
    [template.id, uuidArray(accountIds)],
    'run',
    ctx,
  );
  const ids = accountIds.map(() => uuidv7());
  await conn.execute(
    `insert into coupon (id, template_id, owner_id, status, valid_from, valid_until, issued_at)
     select g.coupon_id, t.id, g.account_id, 'available',
            case when t.validity = 'fixed' then t.valid_from else now() end,
            case when t.validity = 'fixed' then t.valid_until else now() + make_interval(days => t.valid_days) end,
            now()
       from unnest(?::uuid[], ?::uuid[]) as g(coupon_id, account_id) cross join coupon_template t where t.id = ?`,
    [uuidArray(ids), uuidArray(accountIds), template.id],
    'run',
    ctx,
  );
  return ids;
}

/**
 * A game's rewards (lottery winners, consolation coupons), set-based: one coupon of the template to
 * each listed customer in three statements whatever their number, inside the caller's transaction.
 * Rewards are not counted per customer (their game's own rule holds them). Refused (SOLD_OUT,
 * TEMPLATE_ENDED, TEMPLATE_NOT_FOUND) as a whole. Returns the coupons' ids in the order of the accounts.
 */
export async function issueRewardCoupons(tx: EntityManager, templateId: string, accountIds: string[]): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const template = await templateRow(tx, templateId);
  if (template.ended_at) throw new DomainError(E.TEMPLATE_ENDED, 'This coupon template has ended', ['input', 'templateId']);
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext<Knex.Transaction>();
  const [taken] = await conn.execute<{ id: string }[]>(
    'update coupon_template set issued = issued + ? where id = ? and ended_at is null and (total_quantity is null or issued + ? <= total_quantity) returning id',
    [accountIds.length, template.id, accountIds.length],
    'all',
    ctx,
  );
  if (!taken) throw new DomainError(E.SOLD_OUT, `Not enough of this coupon left to issue ${accountIds.length}`, ['input', 'templateId']);
  const ids = accountIds.map(() => uuidv7());
  await conn.execute(
    `insert into coupon (id, template_id, owner_id, status, valid_from, valid_until, issued_at)
     select g.coupon_id, t.id, g.account_id, 'available',
            case when t.validity = 'fixed' then t.valid_from else now() end,
            case when t.validity = 'fixed' then t.valid_until else now() + make_interval(days => t.valid_days) end,
            now()
       from unnest(?::uuid[], ?::uuid[]) as g(coupon_id, account_id) cross join coupon_template t where t.id = ?`,
    [uuidArray(ids), uuidArray(accountIds), template.id],
    'run',
    ctx,
  );
  return ids;
}

/** Customers claim coupons of CLAIMABLE templates; operators grant any template's coupons to listed customers. */
export class CouponIssuingService {
  constructor(private readonly em: EntityManager) {}

  async claim(accountId: string, templateId: string | null, idempotencyKey?: string | null): Promise<string> {
    return idempotent(this.em, { operation: 'claim-coupon', callerId: accountId, key: idempotencyKey, input: { templateId } }, async (tx) => {
      const template = await templateRow(tx, templateId);
      if (template.distribution !== CouponDistribution.CLAIMABLE)
        throw new DomainError(E.NOT_CLAIMABLE, 'This coupon cannot be claimed: it is given out another way', ['input', 'templateId']);
      if (template.ended_at) throw new DomainError(E.TEMPLATE_ENDED, 'This coupon has ended', ['input', 'templateId']);
      const now = new Date();
      if (template.claim_starts_at && now < new Date(template.claim_starts_at))
        throw new DomainError(E.CLAIM_NOT_STARTED, `Claiming opens at ${new Date(template.claim_starts_at).toISOString()}`, ['input', 'templateId']);
      if (template.claim_ends_at && now >= new Date(template.claim_ends_at))
        throw new DomainError(E.CLAIM_ENDED, 'Claiming this coupon has closed', ['input', 'templateId']);
      return issueCoupon(tx, template, accountId);
    });
  }

  /** One coupon to each listed customer, all or nothing. */
  async grant(operatorId: string, templateId: string | null, accountIds: (string | null)[], idempotencyKey?: string | null): Promise<string[]> {
    if (accountIds.length === 0 || accountIds.length > MAX_GRANT_ACCOUNTS)
      throw new DomainError(E.ACCOUNT_NOT_FOUND, `Give 1 to ${MAX_GRANT_ACCOUNTS} accounts`, ['input', 'accountIds']);
    return idempotent(this.em, { operation: 'grant-coupons', callerId: operatorId, key: idempotencyKey, input: { templateId, accountIds } }, async (tx) => {
      const template = await templateRow(tx, templateId);
      if (template.ended_at) throw new DomainError(E.TEMPLATE_ENDED, 'This coupon template has ended', ['input', 'templateId']);
      const given = accountIds.filter((id): id is string => !!id);
      const customers = await existingAccountIds(tx, given, [Role.CUSTOMER, Role.MEMBER]);
      const missing = accountIds.findIndex((id) => !id || !customers.has(id));
      if (missing >= 0) throw new DomainError(E.ACCOUNT_NOT_FOUND, 'No customer has this id', ['input', 'accountIds', String(missing)]);
      return grantSetBased(tx, template, accountIds as string[]);
    });
  }
}
