import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import type { ActivityPrice } from '../../lib/pricing/step';
import { one } from '../../lib/sql';
import type { Buyer, CheckoutActivity } from '../orders/checkout';
import { hasPaidOrder } from '../orders/queries';
import { GroupBuyErrorCode as E } from './errors';
import { claimNewCustomer, takeUsage } from './usage';

interface CampaignRow {
  id: string;
  product_id: string;
  size: number;
  session_seconds: number;
  status: string;
  running: boolean;
  per_customer_limit: number;
  max_quantity: number;
  new_customers_only: boolean;
  leader_discount: Fen;
}

const CAMPAIGN_COLUMNS = `c.id, c.product_id, c.size, c.session_seconds, c.status, c.status = 'active' and c.starts_at <= now() and c.ends_at > now() as running,
  c.per_customer_limit, c.max_quantity, c.new_customers_only, c.leader_discount`;

/** Ours are 22 characters (16 random bytes); a far longer string is never one of them. */
export const MAX_SHARE_TOKEN_LENGTH = 100;

/** A new session's share token: 16 random bytes, URL-safe. */
export function newShareToken(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Opening (开团) or joining (参团) a session as part of a checkout. Inside the checkout transaction
 * it checks the campaign's rules, takes a seat by a conditional update of the session's counter
 * (`reserved < size and status = 'open'`), counts the customer's use of the campaign, prices the
 * line at the group price (less the leader discount for the leader) and holds the order back from
 * shipping; once the order exists it adds the member, whose unique indexes refuse a second seat of
 * the customer in the session or in another open session of the campaign.
 */
export function groupBuyCheckout(target: { campaignId: string | null } | { shareToken: string }): CheckoutActivity {
  let sessionId: string | null = null;
  return {
    groupBuy: target,
    async apply(tx: EntityManager, buyer: Buyer, lines: { skuId: string; quantity: number }[]) {
      if (lines.length !== 1) throw new DomainError(E.ONE_LINE_ONLY, 'A group-buy order is one SKU of the campaign', ['input', 'skuId']);
      const [line] = lines;
      const opening = 'campaignId' in target;
      let campaign: CampaignRow | null;
      let session: { id: string; size: number } | null = null;
      if (opening) {
        campaign = target.campaignId
          ? await one<CampaignRow>(tx, `select ${CAMPAIGN_COLUMNS} from group_buy_campaign c where c.id = ?`, [target.campaignId])
          : null;
        if (!campaign) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No group-buy campaign has this id', ['input', 'campaignId']);
        if (!campaign.running)
          throw new DomainError(E.CAMPAIGN_NOT_RUNNING, 'The campaign is not running now: no new sessions can be opened', ['input', 'campaignId']);
      } else {
        const found = await one<CampaignRow & { session_id: string; session_size: number }>(
          tx,
          `select ${CAMPAIGN_COLUMNS}, s.id as session_id, s.size as session_size from group_buy_session s join group_buy_campaign c on c.id = s.campaign_id where s.share_token = ?`,
          [target.shareToken],
        );
        if (!found) throw new DomainError(E.SESSION_NOT_FOUND, 'No group-buy session has this share token', ['input', 'shareToken']);
        campaign = found;
        session = { id: found.session_id, size: found.session_size };
      }
      const [price] = await tx
        .getConnection()
        .execute<{ group_price: Fen }[]>(
          'select group_price from group_buy_campaign_sku where campaign_id = ? and sku_id = ?',
          [campaign.id, line.skuId],
          'all',
          tx.getTransactionContext(),
        );
      if (!price) throw new DomainError(E.SKU_NOT_IN_CAMPAIGN, 'This SKU is not part of the group-buy campaign', ['input', 'skuId']);
      if (line.quantity > campaign.max_quantity)
        throw new DomainError(E.INVALID_QUANTITY, `At most ${campaign.max_quantity} per member in this campaign`, ['input', 'quantity']);
      // "New customer": never had an order paid. On top of this check, the order claims the customer's one
      // new-customer row (claimNewCustomer) in the checkout transaction, so two such orders cannot both be placed.
      if (campaign.new_customers_only && (await hasPaidOrder(tx, buyer.accountId))) {
        throw new DomainError(E.NEW_CUSTOMERS_ONLY, 'This group-buy is for new customers only (customers without a paid order)', ['input']);
      }
      if (session) {
        const mine = await one<{ same: boolean }>(
          tx,
          `select session_id = ? as same from group_buy_member where customer_id = ? and (session_id = ? and status <> 'cancelled' or campaign_id = ? and active) limit 1`,
          [session.id, buyer.accountId, session.id, campaign.id],
        );
        if (mine?.same) throw new DomainError(E.ALREADY_IN_SESSION, 'You are already in this session', ['input', 'shareToken']);
        if (mine) throw new DomainError(E.ALREADY_IN_OPEN_SESSION, 'You are already in an open session of this campaign', ['input', 'shareToken']);
      } else if (await one(tx, 'select 1 from group_buy_member where campaign_id = ? and customer_id = ? and active', [campaign.id, buyer.accountId])) {
        throw new DomainError(E.ALREADY_IN_OPEN_SESSION, 'You are already in an open session of this campaign', ['input', 'campaignId']);
      }
      if (!(await takeUsage(tx, campaign.id, buyer.accountId, campaign.per_customer_limit))) {
        throw new DomainError(E.LIMIT_REACHED, `At most ${campaign.per_customer_limit} session(s) of this campaign per customer`, ['input']);
      }
      if (session) {
        const seat = await one<{ id: string }>(
          tx,
          `update group_buy_session set reserved = reserved + 1 where id = ? and reserved < size and status = 'open' and expires_at > now() returning id`,
          [session.id],
        );
        if (!seat) {
          const now = await one<{ status: string; full: boolean }>(tx, 'select status, reserved >= size as full from group_buy_session where id = ?', [
            session.id,
          ]);
          if (now?.status === 'open' && now.full) throw new DomainError(E.SESSION_FULL, 'The session is full: every seat is taken', ['input', 'shareToken']);
          throw new DomainError(
            E.SESSION_NOT_JOINABLE,
            `The session cannot be joined: it is ${now?.status === 'open' ? 'past its deadline' : now?.status.toUpperCase()}`,
            ['input', 'shareToken'],
          );
        }
        sessionId = seat.id;
      } else {
        const created = await one<{ id: string }>(
          tx,
          `insert into group_buy_session (id, campaign_id, product_id, leader_id, share_token, size, reserved, paid, status, opened_at, expires_at)
           values (?, ?, ?, ?, ?, ?, 1, 0, 'opening', now(), now() + make_interval(secs => ?)) returning id`,
          [uuidv7(), campaign.id, campaign.product_id, buyer.accountId, newShareToken(), campaign.size, campaign.session_seconds],
        );
        sessionId = created!.id;
      }
      const unitPrice = opening ? price.group_price - campaign.leader_discount : price.group_price;
      const activity: ActivityPrice = { kind: 'GROUP_BUY', campaignId: campaign.id, unitPrice };
      const campaignId = campaign.id;
      const newCustomersOnly = campaign.new_customers_only;
      return {
        prices: new Map([[line.skuId, activity]]),
        fulfilmentHold: true,
        async attach(tx2: EntityManager, orderId: string) {
          const added = await one<{ id: string }>(
            tx2,
            `insert into group_buy_member (id, session_id, campaign_id, customer_id, order_id, is_leader, status, active, joined_at)
             values (?, ?, ?, ?, ?, ?, 'reserved', true, now()) on conflict do nothing returning id`,
            [uuidv7(), sessionId, campaignId, buyer.accountId, orderId, opening],
          );
          // A parallel checkout of the same customer got in first: everything here rolls back.
          if (!added)
            throw new DomainError(
              opening ? E.ALREADY_IN_OPEN_SESSION : E.ALREADY_IN_SESSION,
              'You are already in this session or in another open session of this campaign',
              ['input'],
            );
          if (newCustomersOnly && !(await claimNewCustomer(tx2, buyer.accountId, orderId))) {
            throw new DomainError(
              E.NEW_CUSTOMERS_ONLY,
              'New-customers-only group-buys take one order of a new customer: another one of yours is waiting for payment',
              ['input'],
            );
          }
        },
      };
    },
  };
}
