import { randomBytes } from 'node:crypto';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { CouponErrorCode as E } from './errors';
import { CouponDistribution } from './entities';
import { issueCoupon } from './issuing';

export const MAX_CAMPAIGN_NAME_LENGTH = 60;
export const MAX_PACK_SIZE = 100;
/** Ours are 16 characters (12 random bytes); a far longer string is never one of them. */
export const MAX_PACK_TOKEN_LENGTH = 100;

type TemplateForIssue = Parameters<typeof issueCoupon>[1];

async function templateForIssue(tx: EntityManager, templateId: string): Promise<TemplateForIssue> {
  const [row] = await tx
    .getConnection()
    .execute<TemplateForIssue[]>(
      'select id, distribution, ended_at, null as claim_starts_at, null as claim_ends_at, total_quantity, null as per_customer_limit from coupon_template where id = ?',
      [templateId],
      'all',
      tx.getTransactionContext(),
    );
  return row;
}

/** Share packs (券包): operators set campaigns up, customers share packs, friends claim from them. */
export class SharePackService {
  constructor(private readonly em: EntityManager) {}

  async createCampaign(input: {
    name: string;
    templateId: string | null;
    rewardTemplateId: string | null;
    friendsNeeded: number;
    packSize?: number | null;
  }): Promise<string> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > MAX_CAMPAIGN_NAME_LENGTH)
      throw new DomainError(E.INVALID_NAME, `Name must be 1 to ${MAX_CAMPAIGN_NAME_LENGTH} characters`, ['input', 'name']);
    const packSize = input.packSize ?? input.friendsNeeded;
    if (!Number.isInteger(input.friendsNeeded) || input.friendsNeeded < 1 || input.friendsNeeded > MAX_PACK_SIZE)
      throw new DomainError(E.INVALID_PACK, `friendsNeeded must be from 1 to ${MAX_PACK_SIZE}`, ['input', 'friendsNeeded']);
    if (!Number.isInteger(packSize) || packSize < input.friendsNeeded || packSize > MAX_PACK_SIZE)
      throw new DomainError(E.INVALID_PACK, `packSize must be from friendsNeeded to ${MAX_PACK_SIZE}`, ['input', 'packSize']);
    const conn = this.em.getConnection();
    for (const [field, id] of [
      ['templateId', input.templateId],
      ['rewardTemplateId', input.rewardTemplateId],
    ] as const) {
      const [found] = id ? await conn.execute<{ distribution: string }[]>('select distribution from coupon_template where id = ?', [id]) : [];
      if (!found) throw new DomainError(E.TEMPLATE_NOT_FOUND, 'No coupon template has this id', ['input', field]);
      if (found.distribution !== CouponDistribution.SHARE_PACK)
        throw new DomainError(E.WRONG_DISTRIBUTION, 'A share pack gives coupons of SHARE_PACK templates only', ['input', field]);
    }
    const [row] = await conn.execute<{ id: string }[]>(
      'insert into share_pack_campaign (id, name, template_id, reward_template_id, friends_needed, pack_size, created_at) values (gen_random_uuid(), ?, ?, ?, ?, ?, now()) returning id',
      [name, input.templateId, input.rewardTemplateId, input.friendsNeeded, packSize],
    );
    return row.id;
  }

  async endCampaign(id: string | null): Promise<string> {
    const conn = this.em.getConnection();
    const ended = id
      ? await conn.execute<{ id: string }[]>('update share_pack_campaign set ended_at = now() where id = ? and ended_at is null returning id', [id])
      : [];
    if (ended.length > 0) return id!;
    const [row] = id ? await conn.execute<{ id: string }[]>('select id from share_pack_campaign where id = ?', [id]) : [];
    throw row
      ? new DomainError(E.CAMPAIGN_ENDED, 'This share-pack campaign has already ended', ['id'])
      : new DomainError(E.CAMPAIGN_NOT_FOUND, 'No share-pack campaign has this id', ['id']);
  }

  /** The sharer's pack of a campaign: made on first ask, the same one after (one per sharer, a unique constraint). */
  async packFor(sharerId: string, campaignId: string | null): Promise<string> {
    const conn = this.em.getConnection();
    const [campaign] = campaignId ? await conn.execute<{ ended_at: Date | null }[]>('select ended_at from share_pack_campaign where id = ?', [campaignId]) : [];
    if (!campaign) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No share-pack campaign has this id', ['input', 'campaignId']);
    if (campaign.ended_at) throw new DomainError(E.CAMPAIGN_ENDED, 'This share-pack campaign has ended', ['input', 'campaignId']);
    await conn.execute(
      'insert into share_pack (id, campaign_id, sharer_id, token, claimed, created_at) values (gen_random_uuid(), ?, ?, ?, 0, now()) on conflict (campaign_id, sharer_id) do nothing',
      [campaignId, sharerId, randomBytes(12).toString('base64url')],
    );
    const [pack] = await conn.execute<{ id: string }[]>('select id from share_pack where campaign_id = ? and sharer_id = ?', [campaignId, sharerId]);
    return pack.id;
  }

  /**
   * A friend opens the pack and claims one coupon: once per friend and campaign (the claim's primary
   * key), never from their own pack, never more than the pack holds (a conditional increment on the
   * pack's row, which also serialises the claims of one pack) — and the claim that brings the count
   * to friends_needed issues the sharer's reward, exactly once (the pack's row remembers it; a claim
   * past friends_needed tries again if the reward template was sold out or ended then).
   */
  async claim(friendId: string, token: string): Promise<string> {
    return this.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext<Knex.Transaction>();
      const [pack] = await conn.execute<{ id: string; campaign_id: string; sharer_id: string; ended_at: Date | null; template_id: string }[]>(
        'select p.id, p.campaign_id, p.sharer_id, c.ended_at, c.template_id from share_pack p join share_pack_campaign c on c.id = p.campaign_id where p.token = ?',
        [token.trim()],
        'all',
        ctx,
      );
      if (!pack) throw new DomainError(E.PACK_NOT_FOUND, 'No share pack has this token', ['input', 'token']);
      if (pack.ended_at) throw new DomainError(E.CAMPAIGN_ENDED, "This share pack's campaign has ended", ['input', 'token']);
      if (pack.sharer_id === friendId) throw new DomainError(E.OWN_PACK, 'This is your own pack: share it with friends', ['input', 'token']);
      const [counted] = await conn.execute<{ claimed: number; friends_needed: number; reward_template_id: string; reward_coupon_id: string | null }[]>(
        `update share_pack p set claimed = p.claimed + 1 from share_pack_campaign c
          where p.id = ? and c.id = p.campaign_id and p.claimed < c.pack_size
          returning p.claimed, c.friends_needed, c.reward_template_id, p.reward_coupon_id`,
        [pack.id],
        'all',
        ctx,
      );
      if (!counted) throw new DomainError(E.PACK_EMPTY, 'This pack has been claimed empty', ['input', 'token']);
      const couponId = await issueCoupon(tx, await templateForIssue(tx, pack.template_id), friendId);
      const claimed = await conn.execute<{ friend_id: string }[]>(
        'insert into share_pack_claim (campaign_id, friend_id, pack_id, coupon_id, created_at) values (?, ?, ?, ?, now()) on conflict do nothing returning friend_id',
        [pack.campaign_id, friendId, pack.id, couponId],
        'all',
        ctx,
      );
      if (claimed.length === 0) throw new DomainError(E.ALREADY_CLAIMED, 'You have already claimed a coupon of this share pack campaign', ['input', 'token']);
      if (counted.claimed >= counted.friends_needed && !counted.reward_coupon_id) {
        await conn.execute('savepoint share_pack_reward', [], 'run', ctx);
        try {
          const rewardId = await issueCoupon(tx, await templateForIssue(tx, counted.reward_template_id), pack.sharer_id);
          await conn.execute('update share_pack set reward_coupon_id = ? where id = ?', [rewardId, pack.id], 'run', ctx);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          await conn.execute('rollback to savepoint share_pack_reward', [], 'run', ctx);
        }
      }
      return couponId;
    });
  }
}
