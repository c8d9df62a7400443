import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import type { Fen } from '../../lib/money';
import { Product, Sku } from '../catalog/entities';
import { MAX_LINE_QUANTITY } from '../orders/entities';
import { CampaignStatus, GroupBuyCampaign, GroupBuyCampaignSku } from './entities';
import { GroupBuyErrorCode as E } from './errors';

export interface CampaignSkuInput {
  skuId: string | null;
  groupPrice: Fen;
}

export interface CampaignInput {
  name?: string | null;
  productId?: string | null;
  size?: number | null;
  sessionSeconds?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  perCustomerLimit?: number | null;
  maxQuantity?: number | null;
  newCustomersOnly?: boolean | null;
  leaderDiscount?: Fen | null;
  /** null clears it (on update); undefined keeps it. */
  autoFillPercent?: number | null;
  skus?: CampaignSkuInput[] | null;
}

export const MAX_NAME_LENGTH = 60;
export const MIN_SIZE = 2;
export const MAX_SIZE = 20;
export const MIN_SESSION_SECONDS = 60;
export const MAX_SESSION_SECONDS = 30 * 86_400;
export const MAX_SESSIONS_PER_CUSTOMER = 1000;
export const MAX_AUTO_FILL_PERCENT = 99;
export const MAX_CAMPAIGN_SKUS = 50;

function intIn(value: number | null | undefined, min: number, max: number, code: E, field: string, what: string): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new DomainError(code, `${what} must be a whole number from ${min} to ${max}`, ['input', field]);
}

/** Checks what can be checked without the database; the rest is the checks of the tables. */
function checkInput(input: CampaignInput): void {
  if (input.name != null) {
    const name = input.name.trim();
    if (name.length < 1 || name.length > MAX_NAME_LENGTH)
      throw new DomainError(E.INVALID_NAME, `The campaign name must be 1 to ${MAX_NAME_LENGTH} characters`, ['input', 'name']);
  }
  intIn(input.size, MIN_SIZE, MAX_SIZE, E.INVALID_SIZE, 'size', 'Group size');
  intIn(input.sessionSeconds, MIN_SESSION_SECONDS, MAX_SESSION_SECONDS, E.INVALID_SESSION_TIME, 'sessionSeconds', 'Session time (seconds)');
  intIn(input.perCustomerLimit, 1, MAX_SESSIONS_PER_CUSTOMER, E.INVALID_LIMIT, 'perCustomerLimit', 'Sessions per customer');
  intIn(input.maxQuantity, 1, MAX_LINE_QUANTITY, E.INVALID_LIMIT, 'maxQuantity', 'Units per member');
  intIn(input.autoFillPercent, 1, MAX_AUTO_FILL_PERCENT, E.INVALID_AUTO_FILL, 'autoFillPercent', 'Auto-fill share (percent)');
  if (input.skus != null) {
    if (input.skus.length === 0 || input.skus.length > MAX_CAMPAIGN_SKUS)
      throw new DomainError(E.SKU_NOT_IN_PRODUCT, `Give 1 to ${MAX_CAMPAIGN_SKUS} SKUs with their group price`, ['input', 'skus']);
    const seen = new Set<string>();
    input.skus.forEach((s, i) => {
      if (!s.skuId || seen.has(s.skuId))
        throw new DomainError(E.SKU_NOT_IN_PRODUCT, 'Each SKU once, and a SKU of the product', ['input', 'skus', String(i), 'skuId']);
      seen.add(s.skuId);
      if (s.groupPrice <= 0) throw new DomainError(E.INVALID_PRICE, 'A group price must be more than 0', ['input', 'skus', String(i), 'groupPrice']);
    });
  }
}

/** Group-buy campaigns, managed by operators. Each method is one transaction. */
export class CampaignService {
  constructor(private readonly em: EntityManager) {}

  async create(
    input: CampaignInput & {
      name: string;
      productId: string | null;
      size: number;
      sessionSeconds: number;
      startsAt: Date;
      endsAt: Date;
      skus: CampaignSkuInput[];
    },
  ): Promise<{ campaignId: string }> {
    checkInput(input);
    if (input.endsAt.getTime() <= input.startsAt.getTime())
      throw new DomainError(E.INVALID_WINDOW, 'The campaign must end after it starts', ['input', 'endsAt']);
    return this.em.transactional(async (tx) => {
      const product = input.productId ? await tx.findOne(Product, input.productId) : null;
      if (!product) throw new DomainError(E.PRODUCT_NOT_FOUND, 'No product has this id', ['input', 'productId']);
      const campaign = tx.create(GroupBuyCampaign, {
        product,
        name: input.name.trim(),
        size: input.size,
        sessionSeconds: input.sessionSeconds,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        perCustomerLimit: input.perCustomerLimit ?? 1,
        maxQuantity: input.maxQuantity ?? 1,
        newCustomersOnly: input.newCustomersOnly ?? false,
        leaderDiscount: input.leaderDiscount ?? 0,
        autoFillPercent: input.autoFillPercent ?? null,
      } as never);
      await this.setSkus(tx, campaign, input.skus);
      await tx.flush();
      return { campaignId: campaign.id };
    });
  }

  /** Omitted fields stay. Size and session time are fixed once created: sessions already run on them. */
  async update(campaignId: string | null, input: CampaignInput): Promise<{ campaignId: string }> {
    checkInput(input);
    return this.em.transactional(async (tx) => {
      const campaign = campaignId ? await tx.findOne(GroupBuyCampaign, campaignId, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
      if (!campaign) throw new DomainError(E.CAMPAIGN_NOT_FOUND, 'No group-buy campaign has this id', ['id']);
      if (campaign.status === CampaignStatus.ENDED) throw new DomainError(E.CAMPAIGN_ENDED, 'The campaign has ended: it cannot change', ['id']);
      if (input.name != null) campaign.name = input.name.trim();
      if (input.startsAt != null) campaign.startsAt = input.startsAt;
      if (input.endsAt != null) campaign.endsAt = input.endsAt;
      if (campaign.endsAt.getTime() <= campaign.startsAt.getTime())
        throw new DomainError(E.INVALID_WINDOW, 'The campaign must end after it starts', ['input', 'endsAt']);
      if (input.perCustomerLimit != null) campaign.perCustomerLimit = input.perCustomerLimit;
      if (input.maxQuantity != null) campaign.maxQuantity = input.maxQuantity;
      if (input.newCustomersOnly != null) campaign.newCustomersOnly = input.newCustomersOnly;
      if (input.leaderDiscount != null) campaign.leaderDiscount = input.leaderDiscount;
      if (input.autoFillPercent !== undefined) campaign.autoFillPercent = input.autoFillPercent;
      if (input.skus != null) {
        await tx.nativeDelete(GroupBuyCampaignSku, { campaign: campaign.id });
        await this.setSkus(tx, campaign, input.skus);
      } else {
        await this.checkLeaderPrice(tx, campaign);
      }
      await tx.flush();
      return { campaignId: campaign.id };
    });
  }

  /** Ends the campaign now: no new sessions; sessions already open run to their own end. */
  async end(campaignId: string | null): Promise<{ campaignId: string }> {
    return this.em.transactional(async (tx) => {
      const [row] = campaignId
        ? await tx
            .getConnection()
            .execute<{ id: string }[]>(
              `update group_buy_campaign set status = 'ended', ended_at = now() where id = ? and status = 'active' returning id`,
              [campaignId],
              'all',
              tx.getTransactionContext(),
            )
        : [];
      if (row) return { campaignId: row.id };
      const exists = campaignId ? await tx.count(GroupBuyCampaign, { id: campaignId }) : 0;
      throw exists
        ? new DomainError(E.CAMPAIGN_ENDED, 'The campaign has already ended', ['id'])
        : new DomainError(E.CAMPAIGN_NOT_FOUND, 'No group-buy campaign has this id', ['id']);
    });
  }

  private async setSkus(tx: EntityManager, campaign: GroupBuyCampaign, skus: CampaignSkuInput[]): Promise<void> {
    const found = await tx.find(Sku, { id: { $in: skus.map((s) => s.skuId!) }, product: campaign.product.id });
    const ids = new Set(found.map((s) => s.id));
    skus.forEach((s, i) => {
      if (!ids.has(s.skuId!))
        throw new DomainError(E.SKU_NOT_IN_PRODUCT, "This SKU is not a SKU of the campaign's product", ['input', 'skus', String(i), 'skuId']);
      if (s.groupPrice <= campaign.leaderDiscount)
        throw new DomainError(E.INVALID_PRICE, 'The group price must be more than the leader discount', ['input', 'skus', String(i), 'groupPrice']);
      tx.create(GroupBuyCampaignSku, { campaign, sku: tx.getReference(Sku, s.skuId!), groupPrice: s.groupPrice } as never);
    });
  }

  private async checkLeaderPrice(tx: EntityManager, campaign: GroupBuyCampaign): Promise<void> {
    const skus = await tx.find(GroupBuyCampaignSku, { campaign: campaign.id });
    if (skus.some((s) => s.groupPrice <= campaign.leaderDiscount))
      throw new DomainError(E.INVALID_PRICE, 'The leader discount must be less than every group price', ['input', 'leaderDiscount']);
  }
}
