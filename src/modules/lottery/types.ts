import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { Money } from '../../lib/money';
import { Node } from '../../lib/node';
import { ConnectionType } from '../../lib/pagination';
import { MAX_ENTRY_CAP, MAX_INVITE_ENTRIES, MAX_NAME_LENGTH, MAX_STOREFRONT_APPS, MAX_WINNERS } from './campaigns';
import { LotteryErrorCode, lotteryErrorCodeDescriptions } from './errors';

export enum LotteryCampaignStatusEnum {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  DRAWN = 'DRAWN',
  CANCELLED = 'CANCELLED',
}
registerEnumType(LotteryCampaignStatusEnum, {
  name: 'LotteryCampaignStatus',
  description: 'Where a mass lottery is.',
  valuesConfig: {
    DRAFT: { description: 'Being set up: prize tiers can be added. The seed commitment is already published.' },
    OPEN: { description: 'Takes entries between startsAt and the deadline, until the entry cap.' },
    DRAWN: { description: 'Winners drawn and coupons issued; the seed is revealed and every entry can be checked.' },
    CANCELLED: { description: 'Ended by an operator before it opened.' },
  },
});

registerEnumType(LotteryErrorCode, {
  name: 'LotteryErrorCode',
  description: 'Why a mass-lottery request was refused.',
  valuesConfig: lotteryErrorCodeDescriptions,
});

@ObjectType({ description: 'A mass-lottery refusal: nothing was written.', implements: UserError })
export class LotteryUserError extends UserError {
  @Field(() => LotteryErrorCode, { description: 'What kind of failure this is.' })
  code: LotteryErrorCode;
}

@ObjectType({ description: 'A prize tier of a lottery: its winners each get one coupon of its template. Tiers are filled in rank order.' })
export class LotteryPrize {
  @Field(() => Int, { description: 'Its rank: tier 1 is filled first, from the best-ranked entries.' })
  rank: number;

  @Field({ description: 'What it is called.' })
  name: string;

  @Field(() => ID, { description: 'The coupon template it gives (a CouponTemplate id).' })
  templateId: string;

  @Field(() => Int, { description: 'How many customers win it.' })
  winners: number;

  @Field(() => Int, { description: 'How many won it (0 before the draw; fewer than winners when there were fewer entrants).' })
  won: number;
}

@ObjectType({ description: 'How a lottery did.' })
export class LotteryCampaignResults {
  @Field(() => Int, { description: 'Entries.' })
  entries: number;

  @Field(() => Int, { description: 'Customers who entered.' })
  entrants: number;

  @Field(() => Int, { description: 'Customers who entered invited by another.' })
  invitedEntrants: number;

  @Field(() => Float, { nullable: true, description: 'entries / entryCap: how full the lottery got; null without a cap.' })
  fillRate: number | null;

  @Field(() => Int, { description: 'Winning entries.' })
  winners: number;

  @Field(() => Int, { description: 'Prize coupons issued.' })
  prizeCouponsIssued: number;

  @Field(() => Int, { description: 'Consolation coupons issued.' })
  consolationCouponsIssued: number;

  @Field(() => Int, { description: 'Of all these coupons, those used by a paid order.' })
  couponsUsed: number;

  @Field(() => Float, { nullable: true, description: 'couponsUsed / coupons issued; null before any coupon.' })
  couponUseRate: number | null;

  @Field(() => Money, { description: "The coupons' face value: the sum of their amounts off (a percent coupon counts its cap, or 0 without one)." })
  couponCost: Money;
}

@ObjectType({
  description: 'A mass lottery (万人抽奖): enter before the deadline; winners are drawn from a committed seed. See docs/games.md.',
  implements: Node,
})
export class LotteryCampaign extends Node {
  @Field({ description: 'Name shown to shoppers.' })
  name: string;

  @Field(() => LotteryCampaignStatusEnum, { description: 'DRAFT, OPEN, DRAWN or CANCELLED.' })
  status: LotteryCampaignStatusEnum;

  @Field(() => GraphQLDateTimeISO, { description: 'Entries from then (once OPEN).' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'Entries close then and the winners are drawn.' })
  deadline: Date;

  @Field(() => Int, { nullable: true, description: 'The draw happens as soon as this many entries are in; null: no cap.' })
  entryCap: number | null;

  @Field(() => Int, { description: 'Entries so far.' })
  entryCount: number;

  @Field(() => Int, { description: 'Extra entries a customer may earn, one per friend who enters with them as inviter.' })
  inviteEntriesCap: number;

  @Field(() => ID, { nullable: true, description: 'The consolation coupon every entrant who wins nothing gets (a CouponTemplate id); null: none.' })
  consolationTemplateId: string | null;

  @Field(() => [ID], { description: 'The storefront apps it runs on (StorefrontApp ids); empty: every app.' })
  storefrontAppIds: string[];

  @Field({ description: 'SHA-256 (hex) of the secret seed, published before the first entry: the seed revealed at the draw must hash to it.' })
  seedCommitment: string;

  @Field(() => String, { nullable: true, description: 'The seed (hex), revealed once DRAWN; null before.' })
  seed: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it was drawn; null before the draw (and for a cancelled lottery).' })
  drawnAt: Date | null;
}

@ObjectType({
  description:
    'An entry in a lottery. At the draw its ticket is fairInteger(seed, entryId, 2^48); the lowest tickets win, one prize per customer (docs/games.md).',
  implements: Node,
})
export class LotteryEntry extends Node {
  @Field({ description: 'The entry id: the label its ticket is computed over, a UUID made when it entered.' })
  entryId: string;

  @Field(() => ID, { description: 'The lottery (a LotteryCampaign id).' })
  campaignId: string;

  @Field({
    description:
      "The entryId of this customer's first entry in the lottery: entries that share it are one customer's (one prize per customer), without saying who.",
  })
  entrant: string;

  @Field(() => Int, { description: "The customer's 1st, 2nd… entry in this lottery." })
  number: number;

  @Field(() => String, { nullable: true, description: 'Its ticket, a decimal integer below 2^48; null before the draw.' })
  ticket: string | null;

  @Field({ description: 'Whether it won a prize.' })
  won: boolean;

  @Field(() => Int, { nullable: true, description: 'The rank of the tier it won; null when it won nothing (or before the draw).' })
  prizeRank: number | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When it entered.' })
  createdAt: Date;
}

@ObjectType({ description: "A customer's part in a lottery." })
export class LotteryParticipation {
  @Field(() => Int, { description: 'Entries they may make: 1, plus one per friend credited.' })
  allowed: number;

  @Field(() => Int, { description: 'Entries made.' })
  used: number;

  @Field(() => Int, { description: 'Entries left.' })
  left: number;

  @Field(() => Int, { description: 'Friends who entered with them as inviter (credited up to the cap).' })
  invites: number;

  @Field(() => ID, { nullable: true, description: 'The consolation coupon they got at the draw (a Coupon id); null otherwise.' })
  consolationCouponId: string | null;
}

export const LotteryCampaignConnection = ConnectionType(LotteryCampaign, 'LotteryCampaign', 'lottery campaign');
export const LotteryEntryConnection = ConnectionType(LotteryEntry, 'LotteryEntry', 'lottery entry', 'lottery entries');

@InputType({ description: 'A new lottery (DRAFT; add prize tiers, then open it).' })
export class LotteryCampaignCreateInput {
  @Field(maxChars(MAX_NAME_LENGTH, 'Name shown to shoppers, not blank'))
  name: string;

  @Field(() => GraphQLDateTimeISO, { description: 'Entries from then.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'Entries close and the draw happens then; after startsAt.' })
  deadline: Date;

  @Field(() => Int, { nullable: true, ...range(1, MAX_ENTRY_CAP, 'Draw as soon as this many entries are in; omitted: no cap') })
  entryCap?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_INVITE_ENTRIES, 'Extra entries a customer may earn by inviting, one per friend; default 0') })
  inviteEntriesCap?: number | null;

  @Field(() => ID, { nullable: true, description: 'A consolation coupon for everyone who wins nothing: a CouponTemplate id of a GRANT_ONLY template.' })
  consolationTemplateId?: string | null;

  @Field(() => [ID], { nullable: true, ...maxItems(MAX_STOREFRONT_APPS, 'StorefrontApp ids it runs on; omitted or empty: every app') })
  storefrontAppIds?: string[] | null;
}

@InputType({ description: 'Changes to a DRAFT lottery; omitted fields stay.' })
export class LotteryCampaignUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'Name') })
  name?: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New start of entries.' })
  startsAt?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New deadline: entries close and the draw happens then; after the start.' })
  deadline?: Date | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_ENTRY_CAP, 'Entry cap') })
  entryCap?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true: no entry cap any more.' })
  clearEntryCap?: boolean | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_INVITE_ENTRIES, 'Invite entries cap') })
  inviteEntriesCap?: number | null;

  @Field(() => ID, { nullable: true, description: 'The consolation coupon template (GRANT_ONLY).' })
  consolationTemplateId?: string | null;

  @Field(() => [ID], { nullable: true, ...maxItems(MAX_STOREFRONT_APPS, 'StorefrontApp ids; empty: every app') })
  storefrontAppIds?: string[] | null;
}

@InputType({ description: 'A prize tier for a DRAFT lottery (the next rank).' })
export class AddLotteryPrizeInput {
  @Field(() => ID, { description: 'The lottery (a LotteryCampaign id).' })
  campaignId: string;

  @Field(maxChars(MAX_NAME_LENGTH, 'What the tier is called'))
  name: string;

  @Field(() => ID, { description: 'The coupon each winner gets: a CouponTemplate id of a GRANT_ONLY template.' })
  templateId: string;

  @Field(() => Int, range(1, MAX_WINNERS, 'How many customers win it'))
  winners: number;
}

@InputType({ description: 'An entry.' })
export class EnterLotteryInput {
  @Field(() => ID, { description: 'The lottery (a LotteryCampaign id).' })
  campaignId: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Who invited you (an Account id of a customer who has entered): on your first entry they earn an extra entry, within the cap.',
  })
  inviterId?: string | null;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      128,
      'Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED.',
    ),
  })
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'The result of a change to a lottery.' })
export class LotteryCampaignPayload {
  @Field(() => LotteryCampaign, { nullable: true, description: 'The lottery as it is now; null when refused.' })
  campaign: LotteryCampaign | null;

  @Field(() => [LotteryUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: LotteryUserError[];
}

@ObjectType({ description: 'The result of an entry.' })
export class EnterLotteryPayload {
  @Field(() => LotteryEntry, { nullable: true, description: 'The entry; null when refused.' })
  entry: LotteryEntry | null;

  @Field(() => LotteryParticipation, { nullable: true, description: 'Your entries after this one; null when refused.' })
  participation: LotteryParticipation | null;

  @Field(() => [LotteryUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: LotteryUserError[];
}
