import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { DomainError } from '../../lib/errors';
import { CatalogService } from '../catalog/service';
import { OrderService } from '../orders/service';
import type { PaymentProviders } from '../payments/providers';
import { RefundService } from '../payments/refunds';
import { uuidArray } from './usage';

export const FAILED_SESSION_REASON = 'The group-buy session did not fill in time';

/**
 * Pays back the members of failed sessions, exactly once each, through the payment provider: one
 * member per transaction, claimed with FOR UPDATE SKIP LOCKED, refunded in full through the refund
 * service (which locks the order and uses the provider's idempotency key: order number and refund
 * sequence), and marked REFUNDED with the refund's id (unique) in the same transaction. Two workers
 * never take the same member; a crash after the provider paid but before the commit leaves the
 * member REFUND_DUE, and the retry asks the provider with the same key, getting the same refund.
 * Returns how many it refunded.
 */
export async function refundFailedMembers(fork: () => EntityManager, providers: PaymentProviders, logger?: Logger, max = 200): Promise<number> {
  let done = 0;
  const skipped = new Set<string>();
  while (done < max) {
    const em = fork();
    const outcome = await em.transactional(async (tx) => {
      const [member] = await tx.getConnection().execute<{ id: string; order_id: string }[]>(
        `select id, order_id from group_buy_member where status = 'refund_due' ${skipped.size ? 'and id <> all(?::uuid[])' : ''} order by id limit 1 for update skip locked`,
        skipped.size ? [uuidArray([...skipped])] : [],
        'all',
        tx.getTransactionContext(),
      );
      if (!member) return 'none' as const;
      const orders = new OrderService(tx, new CatalogService(tx));
      let refundId: string;
      try {
        ({ refundId } = await new RefundService(tx, orders, providers).refund(tx, { orderId: member.order_id, lines: null, reason: FAILED_SESSION_REASON, operatorId: null }));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        // Already refunded in full by an operator: that refund stands for this member's.
        const [previous] = await tx.getConnection().execute<{ id: string }[]>(
          `select r.id from refund r join customer_order o on o.id = r.order_id where r.order_id = ? and o.refunded_total = o.total and r.id not in (select refund_id from group_buy_member where refund_id is not null) order by r.sequence desc limit 1`,
          [member.order_id],
          'all',
          tx.getTransactionContext(),
        );
        if (!previous) {
          // The provider failed (retryable) or the order cannot be refunded: the member stays REFUND_DUE for the next sweep, and shows in the campaign's results.
          logger?.error({ err, member: member.id }, 'group-buy refund not made; the next sweep tries again');
          return { skip: member.id };
        }
        refundId = previous.id;
      }
      await tx.getConnection().execute(`update group_buy_member set status = 'refunded', refund_id = ? where id = ? and status = 'refund_due'`, [refundId, member.id], 'run', tx.getTransactionContext());
      return 'refunded' as const;
    });
    if (outcome === 'none') break;
    if (outcome === 'refunded') done++;
    else skipped.add(outcome.skip);
  }
  return done;
}
