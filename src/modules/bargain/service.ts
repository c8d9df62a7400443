import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { one } from '../../lib/sql';
import { hasPaidOrder } from '../orders/queries';
import { cutAmount, cutUnit } from './cut';
import { BargainErrorCode as E } from './errors';

/** Ours are 22 characters (16 random bytes); a far longer string is never one of them. */
export const MAX_SHARE_TOKEN_LENGTH = 100;

/** Starting bargains and helping cut them. Each method is one transaction. */
export class BargainService {
  constructor(private readonly em: EntityManager) {}

  /** The customer starts a bargain at the campaign's start price; friends help through its share token. */
  async start(customerId: string, campaignId: string | null): Promise<{ bargainId: string }> {
    return this.em.transactional(async (tx) => {
      const c = campaignId
        ? await one<{
            id: string;
            start_price: Fen;
            floor_price: Fen;
            helpers_needed: number;
            time_limit_seconds: number;
            per_customer_limit: number;
            running: boolean;
            stock: number;
          }>(
            tx,
            `select id, start_price, floor_price, helpers_needed, time_limit_seconds, per_customer_limit, stock,
                    status = 'active' and starts_at <= now() and ends_at > now() as running from bargain_campaign where id = ?`,
            [campaignId],
          )
        : null;
      if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No bargain campaign has this id', ['input', 'campaignId']);
      if (!c.running) throw new DomainError(E.CAMPAIGN_NOT_RUNNING, 'The campaign is not running now', ['input', 'campaignId']);
      if (c.stock <= 0) throw new DomainError(E.OUT_OF_STOCK, 'The campaign is sold out', ['input', 'campaignId']);
      const going = () => new DomainError(E.ALREADY_BARGAINING, 'You already have a bargain of this campaign going', ['input', 'campaignId']);
      if (await one(tx, `select 1 from bargain where campaign_id = ? and starter_id = ? and status in ('active', 'ordered')`, [c.id, customerId]))
        throw going();
      const counted = await one(
        tx,
        `insert into bargain_usage (campaign_id, customer_id, started) values (?, ?, 1)
           on conflict (campaign_id, customer_id) do update set started = bargain_usage.started + 1 where bargain_usage.started < ? returning started`,
        [c.id, customerId, c.per_customer_limit],
      );
      if (!counted) throw new DomainError(E.LIMIT_REACHED, `At most ${c.per_customer_limit} bargain(s) of this campaign per customer`, ['input', 'campaignId']);
      // bargain_one_going (unique on campaign and starter while ACTIVE or ORDERED) decides between
      // parallel starts: the one that loses rolls back whole, its usage count included.
      const inserted = await one<{ id: string }>(
        tx,
        `insert into bargain (id, campaign_id, starter_id, share_token, start_price, floor_price, current_price, cut_total, helpers_needed, helpers_count, status, expires_at, created_at)
         values (?, ?, ?, ?, ?, ?, ?, 0, ?, 0, 'active', now() + make_interval(secs => ?), now())
         on conflict (campaign_id, starter_id) where status in ('active', 'ordered') do nothing returning id`,
        [
          uuidv7(),
          c.id,
          customerId,
          randomBytes(16).toString('base64url'),
          c.start_price,
          c.floor_price,
          c.start_price,
          c.helpers_needed,
          c.time_limit_seconds,
        ],
      );
      if (!inserted) throw going();
      return { bargainId: inserted.id };
    });
  }

  /**
   * A friend cuts the price, once. The bargain row is locked, so parallel helpers cut one after the
   * other, each computing from what the last one left; the cut row is unique per (bargain, helper)
   * and may not be the starter's (check); price and cut total move together within their checks.
   */
  async help(helperId: string, shareToken: string): Promise<{ bargainId: string; amount: Fen }> {
    return this.em.transactional(async (tx) => {
      const b = await one<{
        id: string;
        campaign_id: string;
        starter_id: string;
        status: string;
        expired: boolean;
        current_price: Fen;
        floor_price: Fen;
        helpers_needed: number;
        helpers_count: number;
      }>(
        tx,
        `select id, campaign_id, starter_id, status, expires_at <= now() as expired, current_price, floor_price, helpers_needed, helpers_count from bargain where share_token = ? for update`,
        [shareToken],
      );
      if (!b) throw new DomainError(E.BARGAIN_NOT_FOUND, 'No bargain has this share token', ['input', 'shareToken']);
      if (b.starter_id === helperId) throw new DomainError(E.CANNOT_HELP_YOURSELF, 'You cannot cut your own bargain: ask a friend', ['input', 'shareToken']);
      if (b.status !== 'active' || b.expired)
        throw new DomainError(
          E.BARGAIN_NOT_ACTIVE,
          `The bargain is ${b.expired && b.status === 'active' ? 'past its time' : b.status.toUpperCase()}: it cannot be cut`,
          ['input', 'shareToken'],
        );
      if (await one(tx, 'select 1 from bargain_cut where bargain_id = ? and helper_id = ?', [b.id, helperId]))
        throw new DomainError(E.ALREADY_HELPED, 'You have already cut this bargain', ['input', 'shareToken']);
      if (b.helpers_count >= b.helpers_needed || b.current_price <= b.floor_price)
        throw new DomainError(E.FLOOR_REACHED, 'The bargain is already at its floor price', ['input', 'shareToken']);
      const [{ boost }] = await tx
        .getConnection()
        .execute<{ boost: number }[]>(
          'select new_helper_boost_percent as boost from bargain_campaign where id = ?',
          [b.campaign_id],
          'all',
          tx.getTransactionContext(),
        );
      // A new customer (never had an order paid, as for group-buy's new-customer campaigns) cuts more.
      const boosted = boost > 100 && !(await hasPaidOrder(tx, helperId));
      const amount = cutAmount(b.current_price - b.floor_price, b.helpers_needed - b.helpers_count, cutUnit(b.id, b.helpers_count), boosted ? boost : 100);
      await tx
        .getConnection()
        .execute(
          'insert into bargain_cut (id, bargain_id, helper_id, starter_id, amount, boosted, created_at) values (?, ?, ?, ?, ?, ?, now())',
          [uuidv7(), b.id, helperId, b.starter_id, amount, boosted],
          'run',
          tx.getTransactionContext(),
        );
      const moved = await one(
        tx,
        `update bargain set current_price = current_price - ?, cut_total = cut_total + ?, helpers_count = helpers_count + 1
          where id = ? and status = 'active' and helpers_count = ? returning id`,
        [amount, amount, b.id, b.helpers_count],
      );
      if (!moved) throw new Error(`bargain ${b.id} changed while locked`);
      return { bargainId: b.id, amount };
    });
  }
}
