import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { DomainError } from '../../lib/errors';
import { run } from '../../lib/sql';
import { CatalogService } from '../catalog/service';
import { ORDERS } from '../orders/queries';
import { OrderService } from '../orders/service';
import type { PaymentProviders } from '../payments/providers';
import { REFUNDS } from '../payments/queries';
import { RefundService } from '../payments/refunds';
import { moveSeats } from './lifecycle';
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
    let memberId: string | null = null;
    try {
      const outcome = await fork().transactional(async (tx) => {
        const [member] = await tx
          .getConnection()
          .execute<{ id: string; order_id: string }[]>(
            `select id, order_id from group_buy_member where status = 'refund_due' ${skipped.size ? 'and id <> all(?::uuid[])' : ''} order by id limit 1 for update skip locked`,
            skipped.size ? [uuidArray([...skipped])] : [],
            'all',
            tx.getTransactionContext(),
          );
        if (!member) return 'none' as const;
        memberId = member.id;
        const orders = new OrderService(tx, new CatalogService(tx));
        const { refundId } = await new RefundService(tx, orders, providers).refund(tx, {
          orderId: member.order_id,
          lines: null,
          reason: FAILED_SESSION_REASON,
          operatorId: null,
        });
        await markRefunded(tx, member.id, refundId);
        return 'refunded' as const;
      });
      if (outcome === 'none') break;
      done++;
    } catch (err) {
      // The refund rolled back whole. The provider failed (retryable), or the order cannot be refunded.
      if (!(err instanceof DomainError) || !memberId) throw err;
      if (await adoptFullRefund(fork(), memberId)) done++;
      else {
        logger?.error({ err, member: memberId }, 'group-buy refund not made; the next sweep tries again');
        skipped.add(memberId);
      }
    }
  }
  return done;
}

async function markRefunded(tx: EntityManager, memberId: string, refundId: string): Promise<void> {
  await moveSeats(tx, ['refund'], { id: memberId }, { refund_id: refundId });
}

/** An operator already refunded the order in full: that refund stands for the member's. */
async function adoptFullRefund(em: EntityManager, memberId: string): Promise<boolean> {
  return em.transactional(async (tx) => {
    const [previous] = await run<{ id: string }>(
      tx,
      `select r.id from group_buy_member m join ${ORDERS} o on o.id = m.order_id join ${REFUNDS} r on r.order_id = o.id
        where m.id = ? and m.status = 'refund_due' and o.refunded_total = o.total and o.total > 0
          and not exists (select 1 from group_buy_member x where x.refund_id = r.id)
        order by r.sequence desc limit 1 for update of m skip locked`,
      [memberId],
    );
    if (!previous) return false;
    await markRefunded(tx, memberId, previous.id);
    return true;
  });
}
