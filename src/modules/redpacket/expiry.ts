import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { run } from '../../lib/sql';
import { issueCoupon } from '../coupons/issuing';
import { rewardTemplate, templateFacts } from '../coupons/queries';
import { expireDuePackets } from './lifecycle';

/** Packets expired per transaction. */
export const EXPIRY_BATCH = 500;

/**
 * Packets whose time ran out unfinished EXPIRE, set-based (one conditional update per batch, SKIP
 * LOCKED), and in the same transaction the opener of each gets the campaign's consolation coupon
 * when it has one (a template that ended or ran out gives none; the packet expires all the same).
 * Safe anywhere at once: a packet moves once, so its consolation is issued once. Returns how many expired.
 */
export async function expirePackets(em: EntityManager, packetIds?: string[]): Promise<number> {
  return em.transactional(async (tx) => {
    const expired = await expireDuePackets(tx, EXPIRY_BATCH, packetIds);
    for (const p of expired.filter((x) => x.consolation_template_id)) {
      const template = await rewardTemplate(tx, p.consolation_template_id!);
      const facts = await templateFacts(tx, p.consolation_template_id!);
      if (!template || !facts) continue;
      await run(tx, 'savepoint consolation', []);
      try {
        const couponId = await issueCoupon(tx, template, p.opener_id);
        await run(tx, 'update red_packet set consolation_coupon_id = ?, consolation_amount = ? where id = ?', [couponId, facts.amount_off, p.id]);
        await run(tx, 'release savepoint consolation', []);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        await run(tx, 'rollback to savepoint consolation', []);
      }
    }
    return expired.length;
  });
}
