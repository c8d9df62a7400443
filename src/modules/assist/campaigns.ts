import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { Product } from '../catalog/entities';
import { knownStorefrontApps } from '../storefronts/queries';
import { AssistCampaign } from './entities';
import { AssistErrorCode as E } from './errors';

export interface AssistCampaignInput {
  name?: string | null;
  productId?: string | null;
  helpersNeeded?: number | null;
  timeLimitSeconds?: number | null;
  newCustomersOnly?: boolean | null;
  linksPerCustomer?: number | null;
  storefrontAppIds?: (string | null)[] | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
}

export const MAX_NAME_LENGTH = 60;
export const MAX_HELPERS_NEEDED = 50;
export const MIN_TIME_LIMIT_SECONDS = 60;
export const MAX_TIME_LIMIT_SECONDS = 7 * 86_400;
export const MAX_PER_CUSTOMER = 1000;
export const MAX_STOREFRONT_APPS = 20;

function intIn(value: number | null | undefined, min: number, max: number, code: E, field: string, what: string): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new DomainError(code, `${what} must be a whole number from ${min} to ${max}`, ['input', field]);
}

function check(input: AssistCampaignInput): void {
  if (input.name != null && (input.name.trim().length < 1 || input.name.trim().length > MAX_NAME_LENGTH))
    throw new DomainError(E.INVALID_NAME, `The campaign name must be 1 to ${MAX_NAME_LENGTH} characters`, ['input', 'name']);
  intIn(input.helpersNeeded, 1, MAX_HELPERS_NEEDED, E.INVALID_HELPERS, 'helpersNeeded', 'Assists needed');
  intIn(input.timeLimitSeconds, MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS, E.INVALID_TIME_LIMIT, 'timeLimitSeconds', 'Time limit (seconds)');
  intIn(input.linksPerCustomer, 1, MAX_PER_CUSTOMER, E.INVALID_LIMIT, 'linksPerCustomer', 'Links per customer');
  if (input.storefrontAppIds && input.storefrontAppIds.length > MAX_STOREFRONT_APPS)
    throw new DomainError(E.INVALID_STOREFRONT_APP, `At most ${MAX_STOREFRONT_APPS} storefront apps`, ['input', 'storefrontAppIds']);
}

function checkWindow(c: { startsAt: Date; endsAt: Date }): void {
  if (c.endsAt.getTime() <= c.startsAt.getTime()) throw new DomainError(E.INVALID_WINDOW, 'The campaign must end after it starts', ['input', 'endsAt']);
}

/** Assist-for-free campaigns, managed by operators; each method one transaction. */
export class AssistCampaignService {
  constructor(private readonly em: EntityManager) {}

  async create(
    input: AssistCampaignInput & { name: string; productId: string | null; helpersNeeded: number; timeLimitSeconds: number; startsAt: Date; endsAt: Date },
  ): Promise<{ campaignId: string }> {
    check(input);
    checkWindow(input);
    return this.em.transactional(async (tx) => {
      const product = input.productId ? await tx.findOne(Product, input.productId) : null;
      if (!product) throw new DomainError(E.PRODUCT_NOT_FOUND, 'No product has this id', ['input', 'productId']);
      const apps = await knownStorefrontApps(tx, input.storefrontAppIds ?? [], E.INVALID_STOREFRONT_APP);
      const campaign = tx.create(AssistCampaign, {
        product,
        name: input.name.trim(),
        helpersNeeded: input.helpersNeeded,
        timeLimitSeconds: input.timeLimitSeconds,
        newCustomersOnly: input.newCustomersOnly ?? false,
        linksPerCustomer: input.linksPerCustomer ?? 1,
        storefrontAppIds: apps,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
      } as never);
      await tx.flush();
      return { campaignId: campaign.id };
    });
  }

  /** Omitted fields stay; links already given keep their assists needed and time. */
  async update(campaignId: string | null, input: AssistCampaignInput): Promise<{ campaignId: string }> {
    check(input);
    return this.em.transactional(async (tx) => {
      const c = campaignId ? await tx.findOne(AssistCampaign, campaignId, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
      if (!c) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No assist campaign has this id', ['id']);
      if (c.status === 'ended') throw new DomainError(E.CAMPAIGN_ENDED, 'The campaign has ended: it cannot change', ['id']);
      for (const key of ['helpersNeeded', 'timeLimitSeconds', 'newCustomersOnly', 'linksPerCustomer', 'startsAt', 'endsAt'] as const) {
        if (input[key] != null) (c as unknown as Record<string, unknown>)[key] = input[key];
      }
      if (input.storefrontAppIds != null) c.storefrontAppIds = await knownStorefrontApps(tx, input.storefrontAppIds, E.INVALID_STOREFRONT_APP);
      if (input.name != null) c.name = input.name.trim();
      checkWindow(c);
      await tx.flush();
      return { campaignId: c.id };
    });
  }

  /** No new links; those open run to their time. */
  async end(campaignId: string | null): Promise<{ campaignId: string }> {
    return this.em.transactional(async (tx) => {
      const [row] = campaignId
        ? await tx
            .getConnection()
            .execute<{ id: string }[]>(
              `update assist_campaign set status = 'ended' where id = ? and status = 'active' returning id`,
              [campaignId],
              'all',
              tx.getTransactionContext(),
            )
        : [];
      if (row) return { campaignId: row.id };
      const exists = campaignId ? await tx.count(AssistCampaign, { id: campaignId }) : 0;
      throw exists
        ? new DomainError(E.CAMPAIGN_ENDED, 'The campaign has already ended', ['id'])
        : new DomainError(E.CAMPAIGN_NOT_FOUND, 'No assist campaign has this id', ['id']);
    });
  }
}
