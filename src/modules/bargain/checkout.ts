import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import type { Fen } from '../../lib/money';
import { one } from '../../lib/sql';
import type { OrderHooks } from '../orders/hooks';
import type { Buyer, CheckoutActivity } from '../orders/checkout';
import { BargainErrorCode as E } from './errors';
import { moveOrderedBargain, orderBargain, refuseOrder } from './lifecycle';

/**
 * Buying a bargain through the normal checkout, at the price it reached, once. Inside the checkout
 * transaction the bargain is locked and checked (the starter's, ACTIVE, in time, the floor reached
 * when the campaign asks for it), one of the campaign's bargain stock is taken by a conditional
 * update, and once the order exists the bargain moves to ORDERED with it — a conditional update
 * on status, with order_id unique — so two purchases of one bargain cannot both succeed.
 */
export function bargainCheckout(bargainId: string | null): CheckoutActivity & { bargainId: string | null } {
  return {
    bargainId,
    async apply(tx: EntityManager, buyer: Buyer, lines: { skuId: string; quantity: number }[]) {
      const b = bargainId
        ? await one<{
            id: string;
            campaign_id: string;
            sku_id: string;
            status: string;
            expired: boolean;
            current_price: Fen;
            floor_price: Fen;
            buy_at_floor_only: boolean;
          }>(
            tx,
            `select b.id, b.campaign_id, c.sku_id, b.status, b.expires_at <= now() as expired, b.current_price, b.floor_price, c.buy_at_floor_only
               from bargain b join bargain_campaign c on c.id = b.campaign_id where b.id = ? and b.starter_id = ? for update of b`,
            [bargainId, buyer.accountId],
          )
        : null;
      if (!b) throw new DomainError(E.BARGAIN_NOT_FOUND, 'No bargain of yours has this id', ['input', 'bargainId']);
      const refused = refuseOrder(b);
      if (refused) throw refused;
      if (lines.length !== 1 || lines[0].skuId !== b.sku_id || lines[0].quantity !== 1)
        throw new DomainError(E.INVALID_QUANTITY, 'A bargain buys one unit of its SKU', ['input']);
      const stock = await one(tx, 'update bargain_campaign set stock = stock - 1 where id = ? and stock >= 1 returning id', [b.campaign_id]);
      if (!stock) throw new DomainError(E.OUT_OF_STOCK, 'The campaign is sold out', ['input', 'bargainId']);
      return {
        prices: new Map([[b.sku_id, { kind: 'BARGAIN' as const, campaignId: b.campaign_id, unitPrice: b.current_price }]]),
        fulfilmentHold: false,
        async attach(tx2: EntityManager, orderId: string) {
          await orderBargain(tx2, b.id, orderId);
        },
      };
    },
  };
}

/** The bargain follows its order (declared in the manifest, index.ts). */
export const bargainOrderHooks: OrderHooks = {
  async paid(tx, orderId) {
    await moveOrderedBargain(tx, ['purchase'], orderId);
  },
  // The unpaid order was cancelled: the bargain can be bought again while its time lasts, and its stock goes back.
  async cancelled(tx, orderId) {
    const b = await moveOrderedBargain(tx, ['reopen', 'lapse'], orderId);
    if (b) await tx.getConnection().execute('update bargain_campaign set stock = stock + 1 where id = ?', [b.campaign_id], 'run', tx.getTransactionContext());
  },
  // Refunded before shipping: the unit is back in the warehouse, so the campaign can sell it again. A
  // bargain order is one unit, and a line is never refunded beyond its quantity, so this runs once.
  async refunded(tx, orderId, restockedUnits) {
    if (restockedUnits <= 0) return;
    await tx
      .getConnection()
      .execute(
        `update bargain_campaign c set stock = c.stock + ? from bargain b where b.order_id = ? and c.id = b.campaign_id`,
        [restockedUnits, orderId],
        'run',
        tx.getTransactionContext(),
      );
  },
};
