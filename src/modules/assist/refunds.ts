import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { DomainError } from '../../lib/errors';
import { one } from '../../lib/sql';
import { CatalogService } from '../catalog/service';
import { ORDERS } from '../orders/queries';
import { OrderService } from '../orders/service';
import type { PaymentProviders } from '../payments/providers';
import { RefundService } from '../payments/refunds';
import { moveLink } from './lifecycle';

export const ASSIST_REFUND_REASON = 'Assist-for-free: friends assisted in time';

/**
 * Refunds the orders of COMPLETED links, exactly once each, through the payment provider: one link
 * per transaction, claimed with FOR UPDATE SKIP LOCKED, refunded in full through the refund service
 * (which locks the order, reverses earnings as for any refund, and uses the provider's idempotency
 * key), and moved to REFUNDED with the refund's id (unique) in the same transaction. An order that
 * had money back another way first voids its link instead. Two workers never take the same link (the
 * request that completed a link waits for its lock: late assists still queue on the row, and SKIP
 * LOCKED would pass it over until the sweep; the sweep skips locked links); a
 * refusal (the provider failed, a hook held the refund) leaves it COMPLETED for the next sweep.
 * Returns how many it refunded.
 */
export async function refundCompletedLinks(
  fork: () => EntityManager,
  providers: PaymentProviders,
  logger?: Logger,
  linkIds?: string[],
  max = 200,
): Promise<number> {
  let done = 0;
  const skipped: string[] = [];
  while (done < max) {
    let claimed: string | null = null;
    try {
      const outcome = await fork().transactional(async (tx) => {
        const link = await one<{ id: string; order_id: string; money_back: boolean }>(
          tx,
          `select l.id, l.order_id, o.refunded_total > 0 as money_back from assist_link l join ${ORDERS} o on o.id = l.order_id
            where l.status = 'completed' and l.id <> all(?::uuid[]) ${linkIds ? 'and l.id = any(?::uuid[])' : ''}
            order by l.completed_at limit 1 for update of l ${linkIds ? '' : 'skip locked'}`,
          linkIds ? [`{${skipped.join(',')}}`, `{${linkIds.join(',')}}`] : [`{${skipped.join(',')}}`],
        );
        if (!link) return 'none' as const;
        claimed = link.id;
        if (link.money_back) {
          await moveLink(tx, 'void', link.id);
          return 'voided' as const;
        }
        const { refundId, amount } = await new RefundService(tx, new OrderService(tx, new CatalogService(tx)), providers).refund(tx, {
          orderId: link.order_id,
          lines: null,
          reason: ASSIST_REFUND_REASON,
          operatorId: null,
        });
        if (!(await moveLink(tx, 'refund', link.id, { refund_id: refundId, refund_amount: amount })))
          throw new Error(`assist link ${link.id} changed while locked`);
        return 'refunded' as const;
      });
      if (outcome === 'none') break;
      if (outcome === 'refunded') done++;
    } catch (err) {
      if (!(err instanceof DomainError) || !claimed) throw err;
      logger?.error({ err, link: claimed }, 'assist refund not made; the next sweep tries again');
      skipped.push(claimed);
    }
  }
  return done;
}
