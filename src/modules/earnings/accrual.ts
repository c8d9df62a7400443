import type { EntityManager } from '@mikro-orm/postgresql';
import type { Fen } from '../../lib/money';
import { lineSourcesOf } from '../attribution/queries';
import { orderAttribution } from '../attribution/reads';
import { currentMembers, packageOpenedBy } from '../members/reads';
import { orderForEarnings } from '../orders/reads';
import { ancestorsOf } from '../referrals/queries';
import { shopOwner } from '../shops/queries';
import { EarningSource, EntryKind } from './entities';
import { debit, lockBalances, post, type EntryDraft } from './ledger';
import { levelCommissions, MAX_LEVELS, rateFor, reversedSoFar, shopMargin, whoEarns, type Attribution } from './rules';
import { overridesOf, ruleVersionAt } from './settings';
import { run } from '../../lib/sql';

/**
 * What order events do to the ledger. Each handler runs in one transaction and is idempotent:
 * `order.paid` inserts the order's earning_order row first and does nothing when it is there
 * already; refunds are recorded once per (refund, line); reversals and accruals have unique
 * indexes behind them. Every handler of an order locks its earning_order row, so a refund and the
 * settlement of the same order run one after the other.
 */

const LEVEL_SOURCES = [EarningSource.COMMISSION_L1, EarningSource.COMMISSION_L2, EarningSource.COMMISSION_L3];

/** How the sale reached the earner at level 1, for explanations: a content card, a shop, a share link, or the invitation. */
function viaOf(entry: string | null, viaShare: boolean): string {
  if (!viaShare) return 'invitation';
  return entry === 'content' ? 'content' : entry === 'shop' ? 'shop' : 'link';
}

/** A line's source kind as the entry point of its link; null for a line without a share (its inviter's, or nobody's). */
const LINK_KINDS: Record<string, string | null> = {
  content_card: 'content',
  shop_link: 'shop',
  product_link: 'product',
  live_session: 'live',
  buy_button: 'buy_button',
  inviter: null,
  none: null,
};

/** `order.paid`: margin, commissions by level, and the membership bonus, all pending. */
export async function accrueForPaidOrder(em: EntityManager, orderId: string, eventAt: Date): Promise<number> {
  return em.transactional(async (tx) => {
    const order = await orderForEarnings(tx, orderId);
    if (!order) return 0;
    const paidAt = order.paid_at ? new Date(order.paid_at) : eventAt;
    const version = await ruleVersionAt(tx, paidAt);
    const inserted = await run(
      tx,
      'insert into earning_order (order_id, order_number, buyer_id, version_id, paid_at) values (?, ?, ?, ?, ?) on conflict do nothing returning order_id',
      [orderId, order.number, order.customer_id, version.id, paidAt],
    );
    if (inserted.length === 0) return 0;

    const a = await orderAttribution(tx, orderId);
    const ofOrder: Attribution = {
      buyerId: order.customer_id,
      sharerId: a?.sharer_id ?? null,
      inviterId: a?.inviter_id ?? null,
      shopId: a?.shop_id ?? null,
      entry: a?.entry ?? null,
      selfPurchase: a?.self_purchase ?? false,
    };
    // Each line earns by its own source (a content card's link wins only its products' lines); orders placed before lines had one, by the order's.
    const sources = await lineSourcesOf(tx, orderId);
    const attributionOf = (lineId: string): Attribution => {
      const line = sources.get(lineId);
      if (!line) return ofOrder;
      const entry = LINK_KINDS[line.kind] ?? null;
      const sharerId = entry ? line.sharer_id : null;
      return { ...ofOrder, sharerId, entry, selfPurchase: sharerId != null && sharerId === order.customer_id };
    };
    const lineAttributions = new Map(order.lines.map((l) => [l.id, attributionOf(l.id)]));
    const chains = new Map<string, string[]>();
    for (const start of [...[...lineAttributions.values()].map((x) => x.sharerId), ofOrder.inviterId]) {
      if (start && !chains.has(start)) chains.set(start, [start, ...(await ancestorsOf(tx, start, MAX_LEVELS - 1))]);
    }
    const owner = ofOrder.shopId ? await shopOwner(tx, ofOrder.shopId) : null;
    const members = await currentMembers(tx, [...new Set([...[...chains.values()].flat(), ...(owner ? [owner] : [])])]);
    const earnersOf = (attribution: Attribution) =>
      whoEarns(
        attribution,
        version.levels,
        version.self_purchase,
        (id) => chains.get(id) ?? [id],
        (id) => members.has(id),
      );
    const marginTo = owner && members.has(owner) && (owner !== order.customer_id || version.self_purchase) ? owner : null;

    const overrides = await overridesOf(tx, version.id);
    const packageProduct = await packageOpenedBy(tx, orderId);
    const drafts: EntryDraft[] = [];
    const accrual = (d: Omit<EntryDraft, 'kind' | 'deltas' | 'orderId' | 'versionId'>): void => {
      if (d.amount > 0) drafts.push({ ...d, kind: EntryKind.ACCRUAL, deltas: { pending: d.amount }, orderId, versionId: version.id });
    };
    for (const line of order.lines) {
      // A membership package earns the bonus below, not commission.
      if (packageProduct && line.product_id === packageProduct) continue;
      const margin = marginTo ? shopMargin(line.price_reason, line.unit_price, line.retail_price, line.quantity, line.total) : 0;
      const common = { orderLineId: line.id, lineTotal: line.total, quantity: line.quantity };
      if (marginTo)
        accrual({
          ...common,
          memberId: marginTo,
          source: EarningSource.MARGIN,
          amount: margin,
          baseAmount: line.total,
          fixedAmount: line.unit_price - line.retail_price,
          path: [order.customer_id, marginTo],
          via: 'shop',
        });
      // The margin is the shop owner's own price on top of the base: commission is on the rest of what was paid.
      const base = line.total - margin;
      // Level by level from what is left of the base: the levels together never earn more than it.
      const attribution = lineAttributions.get(line.id)!;
      const earners = earnersOf(attribution);
      const via = viaOf(attribution.entry, attribution.sharerId != null && (!attribution.selfPurchase || version.self_purchase));
      const rates = earners.map((e) => rateFor(version, overrides, line.product_id, line.sku_id, e.level));
      const amounts = levelCommissions(rates, base, line.quantity);
      for (const [i, e] of earners.entries()) {
        const rate = rates[i];
        accrual({
          ...common,
          memberId: e.memberId,
          source: LEVEL_SOURCES[e.level - 1],
          amount: amounts[i],
          baseAmount: base,
          level: e.level,
          path: e.path,
          via,
          rate: rate.kind === 'percent' ? rate.value : null,
          fixedAmount: rate.kind === 'fixed' ? rate.value : null,
        });
      }
    }
    const packageLine = packageProduct ? order.lines.find((l) => l.product_id === packageProduct) : undefined;
    if (packageLine && ofOrder.inviterId) {
      const chain = [ofOrder.inviterId, ...(await ancestorsOf(tx, ofOrder.inviterId, 1))];
      const bonusMembers = await currentMembers(tx, chain);
      [version.bonus_level1, version.bonus_level2].forEach((bonus, i) => {
        const memberId = chain[i];
        if (!memberId || !bonusMembers.has(memberId)) return;
        accrual({
          memberId,
          source: EarningSource.MEMBERSHIP_BONUS,
          amount: bonus,
          orderLineId: packageLine.id,
          lineTotal: packageLine.total,
          quantity: packageLine.quantity,
          level: i + 1,
          fixedAmount: bonus,
          path: [order.customer_id, ...chain.slice(0, i + 1)],
          via: 'invitation',
        });
      });
    }
    if (drafts.length === 0) return 0;
    await lockBalances(
      tx,
      drafts.map((d) => d.memberId),
    );
    await post(tx, drafts);
    return drafts.length;
  });
}

/** `order.completed`: the order's earnings settle once its frozen days (of the order's rule version) have passed. */
export async function recordCompletion(em: EntityManager, orderId: string, completedAt: Date): Promise<void> {
  await run(
    em,
    `update earning_order o set completed_at = ?, settle_after = ?::timestamptz + make_interval(days => v.frozen_days)
       from commission_rule_version v where v.id = o.version_id and o.order_id = ? and o.completed_at is null`,
    [completedAt, completedAt, orderId],
  );
}

interface OpenAccrual {
  id: string;
  member_id: string;
  source: EarningSource;
  amount: Fen;
  line_total: Fen;
  order_line_id: string;
  reversed: string;
}

/** Accruals of the order (of these lines), with what was reversed of each so far (a positive number). */
function accrualsOf(tx: EntityManager, orderId: string, lineIds: string[] | null): Promise<OpenAccrual[]> {
  return run<OpenAccrual>(
    tx,
    `select e.id, e.member_id, e.source, e.amount, e.line_total, e.order_line_id,
            coalesce((select -sum(r.amount) from earning_entry r where r.ref_entry_id = e.id and r.kind = 'reversal'), 0) as reversed
       from earning_entry e where e.order_id = ? and e.kind = 'accrual'${lineIds ? ` and e.order_line_id in (${lineIds.map(() => '?').join(', ')})` : ''}
      order by e.id`,
    [orderId, ...(lineIds ?? [])],
  );
}

/** Posts reversals: from pending before the order settled, from available (shortfall into debt) after. */
async function reverse(tx: EntityManager, orderId: string, settled: boolean, cause: string, items: { accrual: OpenAccrual; amount: Fen }[]): Promise<number> {
  const due = items.filter((i) => i.amount > 0);
  if (due.length === 0) return 0;
  const balances = await lockBalances(
    tx,
    due.map((i) => i.accrual.member_id),
  );
  await post(
    tx,
    due.map(({ accrual, amount }) => ({
      memberId: accrual.member_id,
      kind: EntryKind.REVERSAL,
      source: accrual.source,
      amount: -amount,
      deltas: settled ? debit(balances.get(accrual.member_id)!, amount) : { pending: -amount },
      orderId,
      orderLineId: accrual.order_line_id,
      lineTotal: accrual.line_total,
      refEntryId: accrual.id,
      cause,
    })),
  );
  return due.length;
}

/** Locks the order's earnings row; null when the order earned nothing (paid before earnings, or never paid). */
async function lockOrder(tx: EntityManager, orderId: string): Promise<{ settled: boolean } | null> {
  const [row] = await run<{ settled_at: string | null }>(tx, 'select settled_at from earning_order where order_id = ? for update', [orderId]);
  return row ? { settled: row.settled_at != null } : null;
}

/**
 * `order.refunded`: each accrual of a refunded line is reversed so that, in total, exactly
 * floor(entry × refunded / line total) of it has been reversed (all of it on a full refund).
 */
export async function reverseForRefund(
  em: EntityManager,
  orderId: string,
  refundId: string,
  lines: { orderLineId: string; amount: number }[],
): Promise<number> {
  return em.transactional(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order) return 0;
    const fresh: string[] = [];
    for (const line of lines) {
      const inserted = await run(
        tx,
        'insert into earning_refund (refund_id, order_line_id, order_id, amount, created_at) values (?, ?, ?, ?, now()) on conflict do nothing returning refund_id',
        [refundId, line.orderLineId, orderId, line.amount],
      );
      if (inserted.length > 0) fresh.push(line.orderLineId);
    }
    if (fresh.length === 0) return 0;
    const refunded = new Map(
      (
        await run<{ order_line_id: string; refunded: string }>(
          tx,
          `select order_line_id, sum(amount) as refunded from earning_refund where order_id = ? and order_line_id in (${fresh.map(() => '?').join(', ')}) group by order_line_id`,
          [orderId, ...fresh],
        )
      ).map((r) => [r.order_line_id, Number(r.refunded)]),
    );
    const accruals = await accrualsOf(tx, orderId, fresh);
    return reverse(
      tx,
      orderId,
      order.settled,
      refundId,
      accruals.map((accrual) => ({
        accrual,
        amount: reversedSoFar(accrual.amount, refunded.get(accrual.order_line_id) ?? 0, accrual.line_total) - Number(accrual.reversed),
      })),
    );
  });
}

/** `order.cancelled` after payment: whatever is left of every accrual is reversed. */
export async function reverseForCancellation(em: EntityManager, orderId: string): Promise<number> {
  return em.transactional(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order) return 0;
    const accruals = await accrualsOf(tx, orderId, null);
    return reverse(
      tx,
      orderId,
      order.settled,
      'cancelled',
      accruals.map((accrual) => ({ accrual, amount: accrual.amount - Number(accrual.reversed) })),
    );
  });
}
