import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Takes one of the customer's sessions of a campaign: a conditional upsert that only counts up
 * while below the limit, so parallel joins of one customer cannot pass it. False when at the limit.
 */
export async function takeUsage(tx: EntityManager, campaignId: string, customerId: string, limit: number): Promise<boolean> {
  const rows = await tx.getConnection().execute<{ joined: number }[]>(
    `insert into group_buy_usage (campaign_id, customer_id, joined) values (?, ?, 1)
       on conflict (campaign_id, customer_id) do update set joined = group_buy_usage.joined + 1 where group_buy_usage.joined < ?
     returning joined`,
    [campaignId, customerId, limit],
    'all',
    tx.getTransactionContext(),
  );
  return rows.length > 0;
}

/** Gives back the usage of these members (seat cancelled, session failed), set-based. */
export async function releaseUsage(tx: EntityManager, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await tx.getConnection().execute(
    `update group_buy_usage u set joined = u.joined - m.n
       from (select campaign_id, customer_id, count(*)::int as n from group_buy_member where id = any(?::uuid[]) group by campaign_id, customer_id) m
      where u.campaign_id = m.campaign_id and u.customer_id = m.customer_id`,
    [uuidArray(memberIds)],
    'run',
    tx.getTransactionContext(),
  );
}

/** Ids as one PostgreSQL array literal, for `= any(?::uuid[])` (the query builder would spread a JS array into a list). */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

/**
 * Claims the customer's one new-customers-only group-buy order: an insert on the customer's primary
 * key, so of two such checkouts at once only one gets in. False when another order holds it.
 */
export async function claimNewCustomer(tx: EntityManager, customerId: string, orderId: string): Promise<boolean> {
  const rows = await tx
    .getConnection()
    .execute<{ order_id: string }[]>(
      'insert into group_buy_new_customer_claim (customer_id, order_id, created_at) values (?, ?, now()) on conflict do nothing returning order_id',
      [customerId, orderId],
      'all',
      tx.getTransactionContext(),
    );
  return rows.length > 0;
}

/** The order was cancelled unpaid: its customer is new again. */
export async function releaseNewCustomerClaim(tx: EntityManager, orderId: string): Promise<void> {
  await tx.getConnection().execute('delete from group_buy_new_customer_claim where order_id = ?', [orderId], 'run', tx.getTransactionContext());
}
