import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { newSeed, seedCommitment } from '../../lib/fair-draw';
import type { Fen } from '../../lib/money';
import { templateFacts } from '../coupons/queries';
import { knownStorefrontApps } from '../storefronts/queries';
import { RedPacketCampaign } from './entities';
import { RedPacketErrorCode as E } from './errors';

export interface RedPacketCampaignInput {
  name?: string | null;
  totalAmount?: Fen | null;
  shares?: number | null;
  minimumShare?: Fen | null;
  timeLimitSeconds?: number | null;
  opensPerCustomer?: number | null;
  joinsPerCustomer?: number | null;
  shareTemplateId?: string | null;
  /** Decoded; '' clears it on update. */
  consolationTemplateId?: string | null;
  storefrontAppIds?: (string | null)[] | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
}

export const MAX_NAME_LENGTH = 60;
export const MIN_SHARES = 2;
export const MAX_SHARES = 100;
export const MAX_TOTAL_AMOUNT = 100_000_00;
export const MIN_TIME_LIMIT_SECONDS = 60;
export const MAX_TIME_LIMIT_SECONDS = 7 * 86_400;
export const MAX_PER_CUSTOMER = 1000;
export const MAX_STOREFRONT_APPS = 20;

function intIn(value: number | null | undefined, min: number, max: number, code: E, field: string, what: string): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new DomainError(code, `${what} must be a whole number from ${min} to ${max}`, ['input', field]);
}

function check(input: RedPacketCampaignInput): void {
  if (input.name != null && (input.name.trim().length < 1 || input.name.trim().length > MAX_NAME_LENGTH))
    throw new DomainError(E.INVALID_NAME, `The campaign name must be 1 to ${MAX_NAME_LENGTH} characters`, ['input', 'name']);
  intIn(input.shares, MIN_SHARES, MAX_SHARES, E.INVALID_SPLIT, 'shares', 'Shares');
  intIn(input.totalAmount, 1, MAX_TOTAL_AMOUNT, E.INVALID_SPLIT, 'totalAmount', 'Total (fen)');
  intIn(input.minimumShare, 1, MAX_TOTAL_AMOUNT, E.INVALID_SPLIT, 'minimumShare', 'Minimum share (fen)');
  intIn(input.timeLimitSeconds, MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS, E.INVALID_TIME_LIMIT, 'timeLimitSeconds', 'Time limit (seconds)');
  intIn(input.opensPerCustomer, 1, MAX_PER_CUSTOMER, E.INVALID_LIMIT, 'opensPerCustomer', 'Packets per customer');
  intIn(input.joinsPerCustomer, 1, MAX_PER_CUSTOMER, E.INVALID_LIMIT, 'joinsPerCustomer', 'Joins per customer');
  if (input.storefrontAppIds && input.storefrontAppIds.length > MAX_STOREFRONT_APPS)
    throw new DomainError(E.INVALID_STOREFRONT_APP, `At most ${MAX_STOREFRONT_APPS} storefront apps`, ['input', 'storefrontAppIds']);
}

function checkWhole(c: { totalAmount: Fen; shares: number; minimumShare: Fen; startsAt: Date; endsAt: Date }): void {
  if (c.totalAmount < c.shares * c.minimumShare)
    throw new DomainError(E.INVALID_SPLIT, 'The total must cover every share its minimum: totalAmount ≥ shares × minimumShare', ['input', 'totalAmount']);
  if (c.endsAt.getTime() <= c.startsAt.getTime()) throw new DomainError(E.INVALID_WINDOW, 'The campaign must end after it starts', ['input', 'endsAt']);
}

/** A template the game pays out from: a no-threshold AMOUNT_OFF template that has not ended. */
async function checkTemplate(em: EntityManager, templateId: string | null | undefined, field: string): Promise<void> {
  const t = templateId ? await templateFacts(em, templateId) : null;
  if (!t || t.ended || t.kind !== 'amount_off' || t.threshold !== 0)
    throw new DomainError(E.INVALID_TEMPLATE, 'Give a coupon template that is AMOUNT_OFF with no threshold and has not ended', ['input', field]);
}

/** Red-packet campaigns, managed by operators; each method one transaction. */
export class RedPacketCampaignService {
  constructor(private readonly em: EntityManager) {}

  async create(
    input: RedPacketCampaignInput & {
      name: string;
      totalAmount: Fen;
      shares: number;
      minimumShare: Fen;
      timeLimitSeconds: number;
      startsAt: Date;
      endsAt: Date;
    },
  ): Promise<{ campaignId: string }> {
    check(input);
    checkWhole(input);
    return this.em.transactional(async (tx) => {
      await checkTemplate(tx, input.shareTemplateId, 'shareTemplateId');
      if (input.consolationTemplateId != null) await checkTemplate(tx, input.consolationTemplateId, 'consolationTemplateId');
      const apps = await knownStorefrontApps(tx, input.storefrontAppIds ?? [], E.INVALID_STOREFRONT_APP);
      const seed = newSeed();
      const campaign = tx.create(RedPacketCampaign, {
        name: input.name.trim(),
        totalAmount: input.totalAmount,
        shares: input.shares,
        minimumShare: input.minimumShare,
        timeLimitSeconds: input.timeLimitSeconds,
        opensPerCustomer: input.opensPerCustomer ?? 1,
        joinsPerCustomer: input.joinsPerCustomer ?? 1,
        shareTemplateId: input.shareTemplateId!,
        consolationTemplateId: input.consolationTemplateId ?? null,
        storefrontAppIds: apps,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        seed,
        seedCommitment: seedCommitment(seed),
      } as never);
      await tx.flush();
      return { campaignId: campaign.id };
    });
  }

  /** Omitted fields stay; packets already opened keep their total, shares and time. */
  async update(campaignId: string | null, input: RedPacketCampaignInput): Promise<{ campaignId: string }> {
    check(input);
    return this.em.transactional(async (tx) => {
      const c = campaignId ? await tx.findOne(RedPacketCampaign, campaignId, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
      if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No red-packet campaign has this id', ['id']);
      if (c.status === 'ended') throw new DomainError(E.CAMPAIGN_ENDED, 'The campaign has ended: it cannot change', ['id']);
      if (input.shareTemplateId != null) await checkTemplate(tx, input.shareTemplateId, 'shareTemplateId');
      if (input.consolationTemplateId) await checkTemplate(tx, input.consolationTemplateId, 'consolationTemplateId');
      for (const key of [
        'totalAmount',
        'shares',
        'minimumShare',
        'timeLimitSeconds',
        'opensPerCustomer',
        'joinsPerCustomer',
        'shareTemplateId',
        'startsAt',
        'endsAt',
      ] as const) {
        if (input[key] != null) (c as unknown as Record<string, unknown>)[key] = input[key];
      }
      if (input.consolationTemplateId != null) c.consolationTemplateId = input.consolationTemplateId || null;
      if (input.storefrontAppIds != null) c.storefrontAppIds = await knownStorefrontApps(tx, input.storefrontAppIds, E.INVALID_STOREFRONT_APP);
      if (input.name != null) c.name = input.name.trim();
      checkWhole(c);
      await tx.flush();
      return { campaignId: c.id };
    });
  }

  /** No new packets; those open run to their time. The seed is revealed once none is left open. */
  async end(campaignId: string | null): Promise<{ campaignId: string }> {
    return this.em.transactional(async (tx) => {
      const [row] = campaignId
        ? await tx
            .getConnection()
            .execute<{ id: string }[]>(
              `update red_packet_campaign set status = 'ended' where id = ? and status = 'active' returning id`,
              [campaignId],
              'all',
              tx.getTransactionContext(),
            )
        : [];
      if (row) return { campaignId: row.id };
      const exists = campaignId ? await tx.count(RedPacketCampaign, { id: campaignId }) : 0;
      throw exists
        ? new DomainError(E.CAMPAIGN_ENDED, 'The campaign has already ended', ['id'])
        : new DomainError(E.CAMPAIGN_NOT_FOUND, 'No red-packet campaign has this id', ['id']);
    });
  }
}
