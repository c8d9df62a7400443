import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import type { Fen } from '../../lib/money';
import { Sku } from '../catalog/entities';
import { BargainCampaign } from './entities';
import { BargainErrorCode as E } from './errors';

export interface BargainCampaignInput {
  name?: string | null;
  skuId?: string | null;
  startPrice?: Fen | null;
  floorPrice?: Fen | null;
  helpersNeeded?: number | null;
  timeLimitSeconds?: number | null;
  stock?: number | null;
  perCustomerLimit?: number | null;
  buyAtFloorOnly?: boolean | null;
  newHelperBoostPercent?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
}

export const MAX_NAME_LENGTH = 60;
export const MAX_HELPERS_NEEDED = 100;
export const MIN_TIME_LIMIT_SECONDS = 60;
export const MAX_TIME_LIMIT_SECONDS = 30 * 86_400;
export const MAX_STOCK = 1_000_000;
export const MAX_PER_CUSTOMER = 1000;
export const MIN_BOOST_PERCENT = 100;
export const MAX_BOOST_PERCENT = 300;

function intIn(value: number | null | undefined, min: number, max: number, code: E, field: string, what: string): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new DomainError(code, `${what} must be a whole number from ${min} to ${max}`, ['input', field]);
}

function check(input: BargainCampaignInput): void {
  if (input.name != null && (input.name.trim().length < 1 || input.name.trim().length > MAX_NAME_LENGTH)) {
    throw new DomainError(E.INVALID_NAME, `The campaign name must be 1 to ${MAX_NAME_LENGTH} characters`, ['input', 'name']);
  }
  intIn(input.helpersNeeded, 1, MAX_HELPERS_NEEDED, E.INVALID_HELPERS, 'helpersNeeded', 'Helpers needed');
  intIn(input.timeLimitSeconds, MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS, E.INVALID_TIME_LIMIT, 'timeLimitSeconds', 'Time limit (seconds)');
  intIn(input.stock, 0, MAX_STOCK, E.INVALID_LIMIT, 'stock', 'Stock');
  intIn(input.perCustomerLimit, 1, MAX_PER_CUSTOMER, E.INVALID_LIMIT, 'perCustomerLimit', 'Bargains per customer');
  intIn(input.newHelperBoostPercent, MIN_BOOST_PERCENT, MAX_BOOST_PERCENT, E.INVALID_BOOST, 'newHelperBoostPercent', 'New-helper boost (percent)');
}

/** The rules that tie fields together, checked on the campaign as it will be. */
function checkWhole(c: { startPrice: Fen; floorPrice: Fen; helpersNeeded: number; startsAt: Date; endsAt: Date }): void {
  if (c.floorPrice < 1) throw new DomainError(E.INVALID_PRICE, 'The floor price must be at least 0.01: an order at 0 cannot be paid', ['input', 'floorPrice']);
  if (c.startPrice <= c.floorPrice) throw new DomainError(E.INVALID_PRICE, 'The start price must be above the floor price', ['input', 'startPrice']);
  if (c.startPrice - c.floorPrice < c.helpersNeeded)
    throw new DomainError(E.INVALID_HELPERS, 'Each helper must cut at least 0.01: start − floor must be at least helpersNeeded fen', [
      'input',
      'helpersNeeded',
    ]);
  if (c.endsAt.getTime() <= c.startsAt.getTime()) throw new DomainError(E.INVALID_WINDOW, 'The campaign must end after it starts', ['input', 'endsAt']);
}

/** Bargain campaigns, managed by operators; each method one transaction. */
export class BargainCampaignService {
  constructor(private readonly em: EntityManager) {}

  async create(
    input: BargainCampaignInput & {
      name: string;
      skuId: string | null;
      startPrice: Fen;
      floorPrice: Fen;
      helpersNeeded: number;
      timeLimitSeconds: number;
      stock: number;
      startsAt: Date;
      endsAt: Date;
    },
  ): Promise<{ campaignId: string }> {
    check(input);
    checkWhole(input);
    return this.em.transactional(async (tx) => {
      const sku = input.skuId ? await tx.findOne(Sku, input.skuId) : null;
      if (!sku) throw new DomainError(E.SKU_NOT_FOUND, 'No SKU has this id', ['input', 'skuId']);
      const campaign = tx.create(BargainCampaign, {
        sku,
        name: input.name.trim(),
        startPrice: input.startPrice,
        floorPrice: input.floorPrice,
        helpersNeeded: input.helpersNeeded,
        timeLimitSeconds: input.timeLimitSeconds,
        stock: input.stock,
        perCustomerLimit: input.perCustomerLimit ?? 1,
        buyAtFloorOnly: input.buyAtFloorOnly ?? true,
        newHelperBoostPercent: input.newHelperBoostPercent ?? 100,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
      } as never);
      await tx.flush();
      return { campaignId: campaign.id };
    });
  }

  /** Omitted fields stay; bargains already started keep their prices and helpers. */
  async update(campaignId: string | null, input: BargainCampaignInput): Promise<{ campaignId: string }> {
    check(input);
    return this.em.transactional(async (tx) => {
      // Locked: purchases take stock by conditional updates of this row, so they wait, and the stock
      // read here is the stock now.
      const c = campaignId ? await tx.findOne(BargainCampaign, campaignId, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
      if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No bargain campaign has this id', ['id']);
      if (c.status === 'ended') throw new DomainError(E.CAMPAIGN_ENDED, 'The campaign has ended: it cannot change', ['id']);
      for (const key of [
        'startPrice',
        'floorPrice',
        'helpersNeeded',
        'timeLimitSeconds',
        'perCustomerLimit',
        'buyAtFloorOnly',
        'newHelperBoostPercent',
        'startsAt',
        'endsAt',
      ] as const) {
        if (input[key] != null) (c as unknown as Record<string, unknown>)[key] = input[key];
      }
      if (input.name != null) c.name = input.name.trim();
      checkWhole(c);
      await tx.flush();
      // The stock as a difference from the locked value, never an overwrite of what it was read as.
      if (input.stock != null && input.stock !== c.stock) {
        await tx
          .getConnection()
          .execute('update bargain_campaign set stock = stock + ? where id = ?', [input.stock - c.stock, c.id], 'run', tx.getTransactionContext());
      }
      return { campaignId: c.id };
    });
  }

  async end(campaignId: string | null): Promise<{ campaignId: string }> {
    return this.em.transactional(async (tx) => {
      const [row] = campaignId
        ? await tx
            .getConnection()
            .execute<{ id: string }[]>(
              `update bargain_campaign set status = 'ended' where id = ? and status = 'active' returning id`,
              [campaignId],
              'all',
              tx.getTransactionContext(),
            )
        : [];
      if (row) return { campaignId: row.id };
      const exists = campaignId ? await tx.count(BargainCampaign, { id: campaignId }) : 0;
      throw exists
        ? new DomainError(E.CAMPAIGN_ENDED, 'The campaign has already ended', ['id'])
        : new DomainError(E.CAMPAIGN_NOT_FOUND, 'No bargain campaign has this id', ['id']);
    });
  }
}
