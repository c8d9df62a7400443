import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { fairSplit } from '../../lib/fair-draw';
import { idempotent } from '../../lib/idempotency';
import { uuidv7 } from '../../lib/ids';
import type { Fen } from '../../lib/money';
import { one, run } from '../../lib/sql';
import { issueCouponOfAmount } from '../coupons/issuing';
import { rewardTemplate } from '../coupons/queries';
import { sharingGamesOf } from '../storefronts/queries';
import { RedPacketErrorCode as E } from './errors';
import { completePacket, JOINABLE } from './lifecycle';

/** Ours are 22 characters (16 random bytes); a far longer string is never one of them. */
export const MAX_SHARE_TOKEN_LENGTH = 64;

/** The sharing games must be on for the caller's app, and the campaign must run on it. */
async function checkChannel(tx: EntityManager, appId: string | null, campaignApps: string[], field: string): Promise<void> {
  const games = await sharingGamesOf(tx, appId);
  if (!games.on) throw new DomainError(E.SHARING_GAMES_OFF, `Red packets are not offered here: ${games.reason}`, ['input', field]);
  if (campaignApps.length > 0 && !campaignApps.includes(appId!))
    throw new DomainError(E.NOT_ON_THIS_APP, 'This red-packet campaign does not run on this storefront app', ['input', field]);
}

/** Opening packets and joining them. Each method is one transaction, idempotent with a key. */
export class RedPacketService {
  constructor(private readonly em: EntityManager) {}

  /** The customer opens a packet of the campaign, as its first member (share 0); friends join through its share token. */
  async open(
    customerId: string,
    appId: string | null,
    campaignId: string | null,
    idempotencyKey?: string | null,
  ): Promise<{ packetId: string; expiresAt: Date }> {
    return idempotent(this.em, { operation: 'openRedPacket', callerId: customerId, key: idempotencyKey, input: { campaignId } }, async (tx) => {
      const c = campaignId
        ? await one<{
            id: string;
            total_amount: Fen;
            shares: number;
            minimum_share: Fen;
            time_limit_seconds: number;
            opens_per_customer: number;
            storefront_app_ids: string[];
            running: boolean;
          }>(
            tx,
            `select id, total_amount, shares, minimum_share, time_limit_seconds, opens_per_customer, storefront_app_ids,
                    status = 'active' and starts_at <= now() and ends_at > now() as running from red_packet_campaign where id = ?`,
            [campaignId],
          )
        : null;
      if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No red-packet campaign has this id', ['input', 'campaignId']);
      await checkChannel(tx, appId, c.storefront_app_ids, 'campaignId');
      if (!c.running) throw new DomainError(E.CAMPAIGN_NOT_RUNNING, 'The campaign is not running now', ['input', 'campaignId']);
      const counted = await one(
        tx,
        `insert into red_packet_usage (campaign_id, customer_id, opened, joined) values (?, ?, 1, 0)
           on conflict (campaign_id, customer_id) do update set opened = red_packet_usage.opened + 1 where red_packet_usage.opened < ? returning opened`,
        [c.id, customerId, c.opens_per_customer],
      );
      if (!counted) throw new DomainError(E.LIMIT_REACHED, `At most ${c.opens_per_customer} packet(s) of this campaign per customer`, ['input', 'campaignId']);
      const packetId = uuidv7();
      const [packet] = await run<{ expires_at: Date }>(
        tx,
        `insert into red_packet (id, campaign_id, opener_id, share_token, storefront_app_id, total_amount, shares, minimum_share, joins_count, status, expires_at, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, 1, 'open', now() + make_interval(secs => ?), now()) returning expires_at`,
        [packetId, c.id, customerId, randomBytes(16).toString('base64url'), appId, c.total_amount, c.shares, c.minimum_share, c.time_limit_seconds],
      );
      await run(tx, 'insert into red_packet_member (id, packet_id, customer_id, position, joined_at) values (?, ?, ?, 0, now())', [
        uuidv7(),
        packetId,
        customerId,
      ]);
      return { packetId, expiresAt: new Date(packet.expires_at) };
    });
  }

  /**
   * A friend joins, once: ONE conditional update takes a place below the packet's shares while it is
   * OPEN and in time (parallel joins queue on the row and each re-checks it), the member row is
   * unique per (packet, customer), and the join that takes the last share completes the packet and
   * pays every share out in the same transaction. So a packet never has more members than shares.
   */
  async join(
    customerId: string,
    appId: string | null,
    shareToken: string,
    idempotencyKey?: string | null,
  ): Promise<{ packetId: string; position: number; completed: boolean }> {
    return idempotent(this.em, { operation: 'joinRedPacket', callerId: customerId, key: idempotencyKey, input: { shareToken } }, async (tx) => {
      const p = await one<{
        id: string;
        campaign_id: string;
        status: string;
        expired: boolean;
        full: boolean;
        storefront_app_ids: string[];
        joins_per_customer: number;
        member: boolean;
      }>(
        tx,
        `select p.id, p.campaign_id, p.status, p.expires_at <= now() as expired, p.joins_count >= p.shares as full, c.storefront_app_ids, c.joins_per_customer,
                exists (select 1 from red_packet_member m where m.packet_id = p.id and m.customer_id = ?) as member
           from red_packet p join red_packet_campaign c on c.id = p.campaign_id where p.share_token = ?`,
        [customerId, shareToken],
      );
      if (!p) throw new DomainError(E.PACKET_NOT_FOUND, 'No red packet has this share token', ['input', 'shareToken']);
      await checkChannel(tx, appId, p.storefront_app_ids, 'shareToken');
      if (p.member) throw new DomainError(E.ALREADY_JOINED, 'You are already in this red packet', ['input', 'shareToken']);
      // A packet takes no join once full (PACKET_FULL) or past its time, expired or not yet swept (PACKET_EXPIRED).
      const closed = (full: boolean) =>
        full
          ? new DomainError(E.PACKET_FULL, 'Every share of this red packet is taken', ['input', 'shareToken'])
          : new DomainError(E.PACKET_EXPIRED, 'This red packet is past its time', ['input', 'shareToken']);
      if (p.status !== 'open' || p.full || p.expired) throw closed(p.status === 'completed' || p.full);
      const counted = await one(
        tx,
        `insert into red_packet_usage (campaign_id, customer_id, opened, joined) values (?, ?, 0, 1)
           on conflict (campaign_id, customer_id) do update set joined = red_packet_usage.joined + 1 where red_packet_usage.joined < ? returning joined`,
        [p.campaign_id, customerId, p.joins_per_customer],
      );
      if (!counted)
        throw new DomainError(E.LIMIT_REACHED, `At most ${p.joins_per_customer} packet(s) of this campaign joined per customer`, ['input', 'shareToken']);
      const [taken] = await run<{ joins_count: number; shares: number }>(
        tx,
        `update red_packet p set joins_count = p.joins_count + 1 where p.id = ? and ${JOINABLE} returning p.joins_count, p.shares`,
        [p.id],
      );
      if (!taken) {
        // Others took the last shares, or the time ran out, since the read above.
        const now = await one<{ full: boolean }>(tx, 'select joins_count >= shares as full from red_packet where id = ?', [p.id]);
        throw closed(now!.full);
      }
      const position = taken.joins_count - 1;
      const added = await run(
        tx,
        'insert into red_packet_member (id, packet_id, customer_id, position, joined_at) values (?, ?, ?, ?, now()) on conflict (packet_id, customer_id) do nothing returning id',
        [uuidv7(), p.id, customerId, position],
      );
      if (added.length === 0) throw new DomainError(E.ALREADY_JOINED, 'You are already in this red packet', ['input', 'shareToken']);
      const completed = taken.joins_count === taken.shares;
      if (completed) await this.payOut(tx, p.id);
      return { packetId: p.id, position, completed };
    });
  }

  /**
   * The packet's last share was taken: it completes, and the total is split by fairSplit(seed,
   * packet id, total, shares, minimum) — share i to the member at position i (the opener 0, then
   * friends in join order) — each paid as a no-threshold coupon of its amount.
   */
  private async payOut(tx: EntityManager, packetId: string): Promise<void> {
    if (!(await completePacket(tx, packetId))) throw new Error(`red packet ${packetId} did not complete although full`);
    const p = (await one<{ seed: string; total_amount: Fen; shares: number; minimum_share: Fen; share_template_id: string }>(
      tx,
      `select c.seed, p.total_amount, p.shares, p.minimum_share, c.share_template_id from red_packet p join red_packet_campaign c on c.id = p.campaign_id where p.id = ?`,
      [packetId],
    ))!;
    const amounts = fairSplit(p.seed, packetId, p.total_amount, p.shares, p.minimum_share);
    const members = await run<{ id: string; customer_id: string; position: number }>(
      tx,
      'select id, customer_id, position from red_packet_member where packet_id = ? order by position',
      [packetId],
    );
    const template = await rewardTemplate(tx, p.share_template_id);
    const coupons: string[] = [];
    try {
      if (!template) throw new DomainError(E.PRIZE_UNAVAILABLE, 'The coupon template is gone');
      for (const m of members) coupons.push(await issueCouponOfAmount(tx, template, m.customer_id, amounts[m.position]));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      throw new DomainError(E.PRIZE_UNAVAILABLE, "The red packet's coupons cannot be issued now (their template ended or ran out)", ['input', 'shareToken']);
    }
    await run(
      tx,
      `update red_packet_member m set share_amount = x.amount, coupon_id = x.coupon_id
         from unnest(?::uuid[], ?::int[], ?::uuid[]) as x(id, amount, coupon_id) where m.id = x.id`,
      [`{${members.map((m) => m.id).join(',')}}`, `{${members.map((m) => amounts[m.position]).join(',')}}`, `{${coupons.join(',')}}`],
    );
  }
}
