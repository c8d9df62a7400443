import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { Money } from '../../lib/money';
import { Node } from '../../lib/node';
import { ConnectionType } from '../../lib/pagination';
import { MAX_CHANCES, MAX_NAME_LENGTH, MAX_PRIZE_STOCK, MAX_STOREFRONT_APPS, MAX_WEIGHT } from './campaigns';
import { WheelErrorCode, wheelErrorCodeDescriptions } from './errors';

const IDEMPOTENCY_KEY =
  'Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED.';

export enum WheelCampaignStatusEnum {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(WheelCampaignStatusEnum, {
  name: 'WheelCampaignStatus',
  description: 'Where a lucky-wheel campaign is.',
  valuesConfig: {
    DRAFT: { description: 'Being set up: prizes can be added. The seed commitment is already published.' },
    ACTIVE: { description: 'Started: customers draw between startsAt and endsAt.' },
    ENDED: { description: 'Ended (by an operator or at endsAt): the seed is revealed and every draw can be recomputed.' },
  },
});

export enum WheelChanceSourceEnum {
  SIGN_IN = 'SIGN_IN',
  SHARE = 'SHARE',
}
registerEnumType(WheelChanceSourceEnum, {
  name: 'WheelChanceSource',
  description: 'How a customer earns extra chances on their own (paid orders earn theirs automatically).',
  valuesConfig: {
    SIGN_IN: { description: "Today's daily sign-in (signIn) earns the campaign's signInChances, once a day." },
    SHARE: { description: 'Sharing the campaign earns one chance, up to shareChancesPerDay a day.' },
  },
});

registerEnumType(WheelErrorCode, { name: 'WheelErrorCode', description: 'Why a lucky-wheel request was refused.', valuesConfig: wheelErrorCodeDescriptions });

@ObjectType({ description: 'A lucky-wheel refusal: nothing was written.', implements: UserError })
export class WheelUserError extends UserError {
  @Field(() => WheelErrorCode, { description: 'What kind of failure this is.' })
  code: WheelErrorCode;
}

@ObjectType({ description: 'A slot of the wheel. Slot 0 is the no-prize slot; the others each give a coupon while their stock lasts.' })
export class WheelPrize {
  @Field(() => Int, { description: 'Its index on the wheel (0: no prize), in the order of the weights the draw uses; the front end spins to it.' })
  slot: number;

  @Field({ description: 'What the slot shows.' })
  name: string;

  @Field(() => ID, { nullable: true, description: 'The coupon template it gives (a CouponTemplate id); null for the no-prize slot.' })
  templateId: string | null;

  @Field(() => Int, { description: 'Its weight: it is drawn weight / totalWeight of the time.' })
  weight: number;

  @Field(() => Int, { nullable: true, description: 'How many it gives in all; null for the no-prize slot.' })
  stock: number | null;

  @Field(() => Int, { nullable: true, description: 'How many are left; null for the no-prize slot. A draw of a slot with none left falls to slot 0.' })
  remaining: number | null;
}

@ObjectType({ description: 'How a lucky-wheel slot did.' })
export class WheelPrizeResult {
  @Field(() => Int, { description: 'The slot.' })
  slot: number;

  @Field({ description: 'Its name.' })
  name: string;

  @Field(() => Int, { description: 'Draws that landed on it.' })
  drawn: number;

  @Field(() => Int, { description: 'Draws that were awarded it (for a prize slot: coupons given; slot 0 also counts draws that fell to it).' })
  awarded: number;

  @Field(() => Int, { nullable: true, description: 'Its stock; null for the no-prize slot.' })
  stock: number | null;
}

@ObjectType({ description: 'How a lucky-wheel campaign did.' })
export class WheelCampaignResults {
  @Field(() => Int, { description: 'Draws made.' })
  draws: number;

  @Field(() => Int, { description: 'Customers who drew at least once.' })
  players: number;

  @Field(() => Int, { description: 'Draws that won a prize (a coupon).' })
  prizesWon: number;

  @Field(() => [WheelPrizeResult], { description: 'Per slot: drawn and awarded.' })
  prizes: WheelPrizeResult[];

  @Field(() => Int, { description: 'Chances customers had in all (daily and earned).' })
  chancesAllowed: number;

  @Field(() => Int, { description: 'Chances used (draws).' })
  chancesUsed: number;

  @Field(() => Float, { nullable: true, description: 'chancesUsed / chancesAllowed: how completely customers played; null before any chance.' })
  chanceUseRate: number | null;

  @Field(() => Int, { description: 'Coupons issued as prizes.' })
  couponsIssued: number;

  @Field(() => Int, { description: 'Of those, used by a paid order.' })
  couponsUsed: number;

  @Field(() => Float, { nullable: true, description: 'couponsUsed / couponsIssued; null before any coupon.' })
  couponUseRate: number | null;

  @Field(() => Money, { description: "The coupons' face value: the sum of their amounts off (a percent coupon counts its cap, or 0 without one)." })
  couponCost: Money;
}

@ObjectType({ description: 'A lucky-wheel campaign (幸运大转盘): weighted prize slots drawn provably fairly. See docs/games.md.', implements: Node })
export class WheelCampaign extends Node {
  @Field({ description: 'Name shown to shoppers.' })
  name: string;

  @Field(() => WheelCampaignStatusEnum, { description: 'DRAFT, ACTIVE or ENDED.' })
  status: WheelCampaignStatusEnum;

  @Field(() => GraphQLDateTimeISO, { description: 'Draws are possible from then (once ACTIVE).' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'No draws from then; within about a minute the campaign ends and its seed is revealed.' })
  endsAt: Date;

  @Field(() => [ID], { description: 'The storefront apps it runs on (StorefrontApp ids); empty: every app.' })
  storefrontAppIds: string[];

  @Field(() => Int, { description: 'Free chances per customer per day (days in the operator time zone).' })
  dailyChances: number;

  @Field(() => Int, { description: "Chances the day's sign-in earns, once a day." })
  signInChances: number;

  @Field(() => Int, { description: 'At most this many chances a day from paid orders (one per order).' })
  orderChancesPerDay: number;

  @Field(() => Int, { description: 'At most this many chances a day from sharing (one per share).' })
  shareChancesPerDay: number;

  @Field({ description: 'SHA-256 (hex) of the secret seed, published before the first draw: the seed revealed at the end must hash to it.' })
  seedCommitment: string;

  @Field(() => String, { nullable: true, description: 'The seed (hex), revealed once the campaign has ENDED; null before.' })
  seed: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the campaign ended and its seed was revealed; null before.' })
  revealedAt: Date | null;
}

@ObjectType({
  description:
    'A draw of the wheel. slotDrawn = fairChoice(seed, drawId, weights) (docs/games.md); slotAwarded is what was given: the same, or 0 when the drawn prize had no stock left.',
  implements: Node,
})
export class WheelDraw extends Node {
  @Field({ description: 'The draw id: the label HMAC-SHA256(seed, …) is computed over, a UUID given to the draw when it was made.' })
  drawId: string;

  @Field(() => ID, { description: 'The campaign (a WheelCampaign id).' })
  campaignId: string;

  @Field(() => Int, { description: 'The slot the fair draw picked; the front end spins to slotAwarded.' })
  slotDrawn: number;

  @Field(() => Int, { description: 'The slot given: slotDrawn, or 0 (no prize) when the drawn prize was out of stock.' })
  slotAwarded: number;

  @Field({ description: 'Whether a prize (a coupon) was won.' })
  won: boolean;

  @Field(() => GraphQLDateTimeISO, { description: 'When the wheel was spun.' })
  createdAt: Date;
}

@ObjectType({ description: "A customer's chances on a wheel today." })
export class WheelChances {
  @Field(() => GraphQLLocalDate, { description: "The day (a calendar day of the operator's time zone)." })
  day: string;

  @Field(() => Int, { description: 'Chances today: the daily ones and those earned.' })
  allowed: number;

  @Field(() => Int, { description: 'Used today.' })
  used: number;

  @Field(() => Int, { description: 'Left today.' })
  left: number;

  @Field(() => Int, { description: 'Earned by signing in.' })
  fromSignIn: number;

  @Field(() => Int, { description: 'Earned by paid orders.' })
  fromOrders: number;

  @Field(() => Int, { description: 'Earned by sharing.' })
  fromShares: number;
}

export const WheelCampaignConnection = ConnectionType(WheelCampaign, 'WheelCampaign', 'lucky-wheel campaign');
export const WheelDrawConnection = ConnectionType(WheelDraw, 'WheelDraw', 'lucky-wheel draw');

@InputType({ description: 'A new lucky-wheel campaign (DRAFT; add prizes, then start it).' })
export class WheelCampaignCreateInput {
  @Field(maxChars(MAX_NAME_LENGTH, 'Name shown to shoppers, not blank'))
  name: string;

  @Field(() => GraphQLDateTimeISO, { description: 'Draws are possible from then.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'No draws from then; after startsAt.' })
  endsAt: Date;

  @Field(() => [ID], { nullable: true, ...maxItems(MAX_STOREFRONT_APPS, 'StorefrontApp ids it runs on; omitted or empty: every app') })
  storefrontAppIds?: string[] | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_CHANCES, 'Free chances per customer per day; default 1') })
  dailyChances?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_CHANCES, "Chances the day's sign-in earns; default 0") })
  signInChances?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_CHANCES, 'Daily cap of chances from paid orders (one per order); default 0') })
  orderChancesPerDay?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_CHANCES, 'Daily cap of chances from sharing (one per share); default 0') })
  shareChancesPerDay?: number | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'What the no-prize slot (slot 0) shows; default 谢谢参与') })
  noPrizeLabel?: string | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_WEIGHT, "The no-prize slot's weight; default 0") })
  noPrizeWeight?: number | null;
}

@InputType({ description: 'Changes to a lucky-wheel campaign that has not ended; omitted fields stay. noPrizeWeight only while DRAFT.' })
export class WheelCampaignUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'Name') })
  name?: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New start of draws.' })
  startsAt?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New end of draws; after the start.' })
  endsAt?: Date | null;

  @Field(() => [ID], { nullable: true, ...maxItems(MAX_STOREFRONT_APPS, 'StorefrontApp ids; empty: every app') })
  storefrontAppIds?: string[] | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_CHANCES, 'Free chances per day') })
  dailyChances?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_CHANCES, 'Sign-in chances') })
  signInChances?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_CHANCES, 'Daily cap from paid orders') })
  orderChancesPerDay?: number | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_CHANCES, 'Daily cap from sharing') })
  shareChancesPerDay?: number | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'No-prize label') })
  noPrizeLabel?: string | null;

  @Field(() => Int, { nullable: true, ...range(0, MAX_WEIGHT, 'No-prize weight, only while DRAFT') })
  noPrizeWeight?: number | null;
}

@InputType({ description: 'A prize slot for a DRAFT wheel.' })
export class AddWheelPrizeInput {
  @Field(() => ID, { description: 'The campaign (a WheelCampaign id).' })
  campaignId: string;

  @Field(maxChars(MAX_NAME_LENGTH, 'What the slot shows'))
  name: string;

  @Field(() => ID, { description: 'The coupon it gives: a CouponTemplate id of a GRANT_ONLY template.' })
  templateId: string;

  @Field(() => Int, range(0, MAX_WEIGHT, 'Its weight'))
  weight: number;

  @Field(() => Int, range(0, MAX_PRIZE_STOCK, 'How many it gives in all'))
  stock: number;
}

@InputType({ description: 'A draw.' })
export class DrawWheelInput {
  @Field(() => ID, { description: 'The campaign (a WheelCampaign id).' })
  campaignId: string;

  @Field(() => String, { nullable: true, ...maxChars(128, IDEMPOTENCY_KEY) })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Earning a chance.' })
export class EarnWheelChanceInput {
  @Field(() => ID, { description: 'The campaign (a WheelCampaign id).' })
  campaignId: string;

  @Field(() => WheelChanceSourceEnum, { description: 'How the chance was earned.' })
  source: WheelChanceSourceEnum;
}

@ObjectType({ description: 'The result of a change to a lucky-wheel campaign.' })
export class WheelCampaignPayload {
  @Field(() => WheelCampaign, { nullable: true, description: 'The campaign as it is now; null when refused.' })
  campaign: WheelCampaign | null;

  @Field(() => [WheelUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: WheelUserError[];
}

@ObjectType({ description: 'The result of a draw.' })
export class DrawWheelPayload {
  @Field(() => WheelDraw, { nullable: true, description: 'The draw; null when refused.' })
  draw: WheelDraw | null;

  @Field(() => WheelPrize, { nullable: true, description: 'The slot awarded (spin the wheel to prize.slot); null when refused.' })
  prize: WheelPrize | null;

  @Field(() => ID, { nullable: true, description: 'The coupon won (a Coupon id); null for no prize.' })
  couponId: string | null;

  @Field(() => WheelChances, { nullable: true, description: 'Your chances after the draw; null when refused.' })
  chances: WheelChances | null;

  @Field(() => [WheelUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: WheelUserError[];
}

@ObjectType({ description: 'The result of earning a chance.' })
export class WheelChancesPayload {
  @Field(() => WheelChances, { nullable: true, description: 'Your chances today; null when refused.' })
  chances: WheelChances | null;

  @Field(() => [WheelUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: WheelUserError[];
}
