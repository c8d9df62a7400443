import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { newSeed, seedCommitment } from '../../lib/fair-draw';
import { uuidv7 } from '../../lib/ids';
import { one, run } from '../../lib/sql';
import { checkPrizeTemplate } from '../coupons/queries';
import { knownStorefrontApps } from '../storefronts/queries';
import { LotteryErrorCode as E } from './errors';
import { cancelLottery, openLottery } from './lifecycle';

export const MAX_NAME_LENGTH = 60;
export const MAX_ENTRY_CAP = 10_000_000;
export const MAX_INVITE_ENTRIES = 100;
export const MAX_WINNERS = 10_000;
export const MAX_PRIZES = 20;
export const MAX_STOREFRONT_APPS = 20;

export interface LotteryCampaignInput {
  name?: string | null;
  startsAt?: Date | null;
  deadline?: Date | null;
  entryCap?: number | null;
  inviteEntriesCap?: number | null;
  consolationTemplateId?: string | null;
  storefrontAppIds?: (string | null)[] | null;
}

function name(value: string | null | undefined, field: string): void {
  if (value != null && (value.trim().length < 1 || value.trim().length > MAX_NAME_LENGTH))
    throw new DomainError(E.INVALID_NAME, `The name must be 1 to ${MAX_NAME_LENGTH} characters`, ['input', field]);
}

function intIn(value: number | null | undefined, min: number, max: number, code: E, field: string): void {
  if (value != null && (!Number.isInteger(value) || value < min || value > max))
    throw new DomainError(code, `${field} must be a whole number from ${min} to ${max}`, ['input', field]);
}

function check(input: LotteryCampaignInput): void {
  name(input.name, 'name');
  intIn(input.entryCap, 1, MAX_ENTRY_CAP, E.INVALID_ENTRY_CAP, 'entryCap');
  intIn(input.inviteEntriesCap, 0, MAX_INVITE_ENTRIES, E.INVALID_INVITE_CAP, 'inviteEntriesCap');
  if (input.storefrontAppIds && input.storefrontAppIds.length > MAX_STOREFRONT_APPS)
    throw new DomainError(E.INVALID_STOREFRONT_APP, `At most ${MAX_STOREFRONT_APPS} storefront apps`, ['input', 'storefrontAppIds']);
}

/** Lottery campaigns, managed by operators; each method one transaction. */
export class LotteryCampaignService {
  constructor(private readonly em: EntityManager) {}

  /** A DRAFT lottery; its seed is drawn now and only its SHA-256 is published. */
  async create(input: LotteryCampaignInput & { name: string; startsAt: Date; deadline: Date }): Promise<string> {
    check(input);
    if (input.deadline.getTime() <= input.startsAt.getTime())
      throw new DomainError(E.INVALID_WINDOW, 'The deadline must be after the start', ['input', 'deadline']);
    return this.em.transactional(async (tx) => {
      const apps = input.storefrontAppIds == null ? [] : await knownStorefrontApps(tx, input.storefrontAppIds, E.INVALID_STOREFRONT_APP);
      if (input.consolationTemplateId !== undefined && input.consolationTemplateId !== null)
        await checkPrizeTemplate(tx, input.consolationTemplateId, E, ['input', 'consolationTemplateId']);
      const id = uuidv7();
      const seed = newSeed();
      await run(
        tx,
        `insert into lottery_campaign (id, name, status, starts_at, deadline, entry_cap, entries, invite_entries_cap, consolation_template_id, storefront_app_ids, seed, seed_commitment, created_at)
         values (?, ?, 'draft', ?, ?, ?, 0, ?, ?, ?::text[], ?, ?, now())`,
        [
          id,
          input.name.trim(),
          input.startsAt,
          input.deadline,
          input.entryCap ?? null,
          input.inviteEntriesCap ?? 0,
          input.consolationTemplateId ?? null,
          `{${apps.join(',')}}`,
          seed,
          seedCommitment(seed),
        ],
      );
      return id;
    });
  }

  /** Omitted fields stay; a DRAFT lottery only (the rules of entry are fixed once it opens). */
  async update(campaignId: string | null, input: LotteryCampaignInput & { clearEntryCap?: boolean | null }): Promise<string> {
    check(input);
    return this.em.transactional(async (tx) => {
      const c = campaignId
        ? await one<{ status: string; starts_at: Date; deadline: Date }>(
            tx,
            'select status, starts_at, deadline from lottery_campaign where id = ? for update',
            [campaignId],
          )
        : null;
      if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No lottery campaign has this id', ['id']);
      if (c.status === 'drawn' || c.status === 'cancelled') throw new DomainError(E.CAMPAIGN_ENDED, 'The lottery has ended: it cannot change', ['id']);
      if (c.status !== 'draft') throw new DomainError(E.CAMPAIGN_NOT_DRAFT, 'The lottery is open: its rules are fixed', ['id']);
      const startsAt = input.startsAt ?? new Date(c.starts_at);
      const deadline = input.deadline ?? new Date(c.deadline);
      if (deadline.getTime() <= startsAt.getTime()) throw new DomainError(E.INVALID_WINDOW, 'The deadline must be after the start', ['input', 'deadline']);
      if (input.consolationTemplateId) await checkPrizeTemplate(tx, input.consolationTemplateId, E, ['input', 'consolationTemplateId']);
      const apps = input.storefrontAppIds == null ? undefined : await knownStorefrontApps(tx, input.storefrontAppIds, E.INVALID_STOREFRONT_APP);
      await run(
        tx,
        `update lottery_campaign set name = coalesce(?, name), starts_at = ?, deadline = ?, entry_cap = case when ? then null else coalesce(?, entry_cap) end,
                invite_entries_cap = coalesce(?, invite_entries_cap), consolation_template_id = coalesce(?, consolation_template_id),
                storefront_app_ids = coalesce(?::text[], storefront_app_ids)
          where id = ?`,
        [
          input.name?.trim() ?? null,
          startsAt,
          deadline,
          input.clearEntryCap === true,
          input.entryCap ?? null,
          input.inviteEntriesCap ?? null,
          input.consolationTemplateId ?? null,
          apps ? `{${apps.join(',')}}` : null,
          campaignId,
        ],
      );
      return campaignId!;
    });
  }

  /** Adds the next prize tier (rank) to a DRAFT lottery. */
  async addPrize(campaignId: string | null, input: { name: string; templateId: string | null; winners: number }): Promise<string> {
    name(input.name, 'name');
    intIn(input.winners, 1, MAX_WINNERS, E.INVALID_WINNERS, 'winners');
    return this.em.transactional(async (tx) => {
      const c = campaignId ? await one<{ status: string }>(tx, 'select status from lottery_campaign where id = ? for update', [campaignId]) : null;
      if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No lottery campaign has this id', ['input', 'campaignId']);
      if (c.status === 'drawn' || c.status === 'cancelled') throw new DomainError(E.CAMPAIGN_ENDED, 'The lottery has ended', ['input', 'campaignId']);
      if (c.status !== 'draft') throw new DomainError(E.CAMPAIGN_NOT_DRAFT, 'Prizes are fixed once the lottery is open', ['input', 'campaignId']);
      await checkPrizeTemplate(tx, input.templateId, E, ['input', 'templateId']);
      const [{ tiers }] = await run<{ tiers: number }>(tx, 'select count(*)::int as tiers from lottery_prize where campaign_id = ?', [campaignId]);
      if (tiers >= MAX_PRIZES) throw new DomainError(E.TOO_MANY_PRIZES, `A lottery has at most ${MAX_PRIZES} prize tiers`, ['input', 'campaignId']);
      const id = uuidv7();
      await run(tx, 'insert into lottery_prize (id, campaign_id, rank, name, template_id, winners) values (?, ?, ?, ?, ?, ?)', [
        id,
        campaignId,
        tiers + 1,
        input.name.trim(),
        input.templateId,
        input.winners,
      ]);
      return id;
    });
  }

  /** Opens a DRAFT lottery to entries; answers its deadline (when the draw job is due). */
  async open(campaignId: string | null): Promise<{ deadline: Date }> {
    return this.em.transactional((tx) => openLottery(tx, campaignId));
  }

  /** Cancels a DRAFT lottery; for an OPEN one, `draw` runs the draw now. */
  async end(campaignId: string | null, draw: (campaignId: string) => Promise<boolean>): Promise<string> {
    const c = campaignId ? await one<{ status: string }>(this.em, 'select status from lottery_campaign where id = ?', [campaignId]) : null;
    if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No lottery campaign has this id', ['id']);
    const done =
      c.status === 'draft' ? await this.em.transactional((tx) => cancelLottery(tx, campaignId!)) : c.status === 'open' ? await draw(campaignId!) : false;
    if (!done) throw new DomainError(E.CAMPAIGN_ENDED, 'The lottery has already been drawn or cancelled', ['id']);
    return campaignId!;
  }
}
