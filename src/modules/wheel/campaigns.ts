import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { newSeed, seedCommitment } from '../../lib/fair-draw';
import { uuidv7 } from '../../lib/ids';
import { one, run } from '../../lib/sql';
import { checkPrizeTemplate } from '../coupons/queries';
import { knownStorefrontApps } from '../storefronts/queries';
import { WheelErrorCode as E } from './errors';
import { moveWheel } from './lifecycle';

export const MAX_NAME_LENGTH = 60;
export const MAX_CHANCES = 100;
export const MAX_WEIGHT = 1_000_000;
export const MAX_PRIZE_STOCK = 1_000_000;
/** Slots 1..20 hold prizes; slot 0 is the no-prize slot. */
export const MAX_PRIZES = 20;
export const MAX_STOREFRONT_APPS = 20;

export interface WheelCampaignInput {
  name?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  storefrontAppIds?: (string | null)[] | null;
  dailyChances?: number | null;
  signInChances?: number | null;
  orderChancesPerDay?: number | null;
  shareChancesPerDay?: number | null;
  noPrizeLabel?: string | null;
  noPrizeWeight?: number | null;
}

export interface WheelPrizeInput {
  name: string;
  templateId: string | null;
  weight: number;
  stock: number;
}

function text(value: string | null | undefined, field: string, what: string): void {
  if (value != null && (value.trim().length < 1 || value.trim().length > MAX_NAME_LENGTH))
    throw new DomainError(E.INVALID_NAME, `${what} must be 1 to ${MAX_NAME_LENGTH} characters`, ['input', field]);
}

function intIn(value: number | null | undefined, max: number, code: E, field: string, what: string): void {
  if (value != null && (!Number.isInteger(value) || value < 0 || value > max))
    throw new DomainError(code, `${what} must be a whole number from 0 to ${max}`, ['input', field]);
}

function check(input: WheelCampaignInput): void {
  text(input.name, 'name', 'The campaign name');
  text(input.noPrizeLabel, 'noPrizeLabel', 'The no-prize label');
  for (const field of ['dailyChances', 'signInChances', 'orderChancesPerDay', 'shareChancesPerDay'] as const)
    intIn(input[field], MAX_CHANCES, E.INVALID_CHANCES, field, field);
  intIn(input.noPrizeWeight, MAX_WEIGHT, E.INVALID_WEIGHT, 'noPrizeWeight', 'The no-prize weight');
  if (input.storefrontAppIds && input.storefrontAppIds.length > MAX_STOREFRONT_APPS)
    throw new DomainError(E.INVALID_STOREFRONT_APP, `At most ${MAX_STOREFRONT_APPS} storefront apps`, ['input', 'storefrontAppIds']);
}

/** Lucky-wheel campaigns, managed by operators; each method one transaction. */
export class WheelCampaignService {
  constructor(private readonly em: EntityManager) {}

  /** A DRAFT campaign with its no-prize slot (slot 0); its seed is drawn now and only its SHA-256 is published. */
  async create(input: WheelCampaignInput & { name: string; startsAt: Date; endsAt: Date }): Promise<string> {
    check(input);
    if (input.endsAt.getTime() <= input.startsAt.getTime())
      throw new DomainError(E.INVALID_WINDOW, 'The campaign must end after it starts', ['input', 'endsAt']);
    return this.em.transactional(async (tx) => {
      const apps = input.storefrontAppIds == null ? [] : await knownStorefrontApps(tx, input.storefrontAppIds, E.INVALID_STOREFRONT_APP);
      const id = uuidv7();
      const seed = newSeed();
      await run(
        tx,
        `insert into wheel_campaign (id, name, status, starts_at, ends_at, storefront_app_ids, daily_chances, sign_in_chances, order_chances_per_day, share_chances_per_day,
                                     no_prize_label, seed, seed_commitment, created_at)
         values (?, ?, 'draft', ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?, now())`,
        [
          id,
          input.name.trim(),
          input.startsAt,
          input.endsAt,
          `{${apps.join(',')}}`,
          input.dailyChances ?? 1,
          input.signInChances ?? 0,
          input.orderChancesPerDay ?? 0,
          input.shareChancesPerDay ?? 0,
          input.noPrizeLabel?.trim() ?? '谢谢参与',
          seed,
          seedCommitment(seed),
        ],
      );
      await run(tx, `insert into wheel_prize (id, campaign_id, slot, name, template_id, weight, stock, awarded) values (?, ?, 0, ?, null, ?, null, 0)`, [
        uuidv7(),
        id,
        input.noPrizeLabel?.trim() ?? '谢谢参与',
        input.noPrizeWeight ?? 0,
      ]);
      return id;
    });
  }

  /** Omitted fields stay. The window, chances and apps change until the end; the no-prize weight only in DRAFT. */
  async update(campaignId: string | null, input: WheelCampaignInput): Promise<string> {
    check(input);
    return this.em.transactional(async (tx) => {
      const c = campaignId
        ? await one<{ status: string; starts_at: Date; ends_at: Date }>(tx, 'select status, starts_at, ends_at from wheel_campaign where id = ? for update', [
            campaignId,
          ])
        : null;
      if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No lucky-wheel campaign has this id', ['id']);
      if (c.status === 'ended') throw new DomainError(E.CAMPAIGN_ENDED, 'The campaign has ended: it cannot change', ['id']);
      if (input.noPrizeWeight != null && c.status !== 'draft')
        throw new DomainError(E.CAMPAIGN_NOT_DRAFT, 'Weights are fixed once the campaign has started', ['input', 'noPrizeWeight']);
      const startsAt = input.startsAt ?? new Date(c.starts_at);
      const endsAt = input.endsAt ?? new Date(c.ends_at);
      if (endsAt.getTime() <= startsAt.getTime()) throw new DomainError(E.INVALID_WINDOW, 'The campaign must end after it starts', ['input', 'endsAt']);
      const apps = input.storefrontAppIds == null ? undefined : await knownStorefrontApps(tx, input.storefrontAppIds, E.INVALID_STOREFRONT_APP);
      await run(
        tx,
        `update wheel_campaign set name = coalesce(?, name), starts_at = ?, ends_at = ?, storefront_app_ids = coalesce(?::text[], storefront_app_ids),
                daily_chances = coalesce(?, daily_chances), sign_in_chances = coalesce(?, sign_in_chances),
                order_chances_per_day = coalesce(?, order_chances_per_day), share_chances_per_day = coalesce(?, share_chances_per_day),
                no_prize_label = coalesce(?, no_prize_label)
          where id = ?`,
        [
          input.name?.trim() ?? null,
          startsAt,
          endsAt,
          apps ? `{${apps.join(',')}}` : null,
          input.dailyChances ?? null,
          input.signInChances ?? null,
          input.orderChancesPerDay ?? null,
          input.shareChancesPerDay ?? null,
          input.noPrizeLabel?.trim() ?? null,
          campaignId,
        ],
      );
      await run(tx, 'update wheel_prize set name = coalesce(?, name), weight = coalesce(?, weight) where campaign_id = ? and slot = 0', [
        input.noPrizeLabel?.trim() ?? null,
        input.noPrizeWeight ?? null,
        campaignId,
      ]);
      return campaignId!;
    });
  }

  /** Adds a prize slot (the next slot number) to a DRAFT campaign: a coupon of a GRANT_ONLY template, its weight and stock. */
  async addPrize(campaignId: string | null, input: WheelPrizeInput): Promise<string> {
    text(input.name, 'name', 'The prize name');
    intIn(input.weight, MAX_WEIGHT, E.INVALID_WEIGHT, 'weight', 'The weight');
    intIn(input.stock, MAX_PRIZE_STOCK, E.INVALID_STOCK, 'stock', 'The stock');
    return this.em.transactional(async (tx) => {
      const c = campaignId ? await one<{ status: string }>(tx, 'select status from wheel_campaign where id = ? for update', [campaignId]) : null;
      if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No lucky-wheel campaign has this id', ['campaignId']);
      if (c.status === 'ended') throw new DomainError(E.CAMPAIGN_ENDED, 'The campaign has ended: it cannot change', ['campaignId']);
      if (c.status !== 'draft') throw new DomainError(E.CAMPAIGN_NOT_DRAFT, 'Prizes are fixed once the campaign has started', ['campaignId']);
      await checkPrizeTemplate(tx, input.templateId, E, ['input', 'templateId']);
      const [{ slots }] = await run<{ slots: number }>(tx, 'select count(*)::int as slots from wheel_prize where campaign_id = ?', [campaignId]);
      if (slots > MAX_PRIZES) throw new DomainError(E.TOO_MANY_PRIZES, `A wheel has at most ${MAX_PRIZES} prizes`, ['campaignId']);
      const id = uuidv7();
      await run(tx, 'insert into wheel_prize (id, campaign_id, slot, name, template_id, weight, stock, awarded) values (?, ?, ?, ?, ?, ?, ?, 0)', [
        id,
        campaignId,
        slots,
        input.name.trim(),
        input.templateId,
        input.weight,
        input.stock,
      ]);
      return id;
    });
  }

  async start(campaignId: string | null): Promise<string> {
    return this.em.transactional(async (tx) => {
      await moveWheel(tx, campaignId, 'start');
      return campaignId!;
    });
  }

  /** Ends the campaign now and reveals its seed. */
  async end(campaignId: string | null): Promise<string> {
    return this.em.transactional(async (tx) => {
      await moveWheel(tx, campaignId, 'end');
      return campaignId!;
    });
  }
}
