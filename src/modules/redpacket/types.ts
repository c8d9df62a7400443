import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { DecimalScalar, Money, type Fen } from '../../lib/money';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { MAX_NAME_LENGTH, MAX_PER_CUSTOMER, MAX_SHARES, MAX_STOREFRONT_APPS, MAX_TIME_LIMIT_SECONDS, MIN_SHARES, MIN_TIME_LIMIT_SECONDS } from './campaigns';
import { RedPacketErrorCode, redPacketErrorCodeDescriptions } from './errors';
import { MAX_SHARE_TOKEN_LENGTH } from './service';

/** The idempotency key rule of lib/idempotency: 8 to 128 letters, digits or ._:- characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

export enum RedPacketStatusEnum {
  OPEN = 'OPEN',
  COMPLETED = 'COMPLETED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(RedPacketStatusEnum, {
  name: 'RedPacketStatus',
  description: 'Where a red packet is.',
  valuesConfig: {
    OPEN: { description: 'Friends can join until expiresAt while shares are left.' },
    COMPLETED: { description: 'Every share was taken: the total was split and each share paid as a coupon.' },
    EXPIRED: { description: "The time ran out with shares left: nobody's share is paid; the opener got the consolation coupon if the campaign has one." },
  },
});

export enum RedPacketCampaignStatusEnum {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(RedPacketCampaignStatusEnum, {
  name: 'RedPacketCampaignStatus',
  description: 'Whether a red-packet campaign takes new packets (within its window).',
  valuesConfig: {
    ACTIVE: { description: 'Takes new packets between startsAt and endsAt.' },
    ENDED: { description: 'Ended by an operator: no new packets; open ones run to their time.' },
  },
});

registerEnumType(RedPacketErrorCode, {
  name: 'RedPacketErrorCode',
  description: 'Why a red-packet campaign, packet or join was refused.',
  valuesConfig: redPacketErrorCodeDescriptions,
});

@ObjectType({ description: 'A red-packet refusal.', implements: UserError })
export class RedPacketUserError extends UserError {
  @Field(() => RedPacketErrorCode, { description: 'What kind of failure this is.' })
  code: RedPacketErrorCode;
}

export enum RedPacketPrizeKind {
  SHARE = 'SHARE',
  CONSOLATION = 'CONSOLATION',
}
registerEnumType(RedPacketPrizeKind, {
  name: 'RedPacketPrizeKind',
  description: 'What a red-packet campaign gives.',
  valuesConfig: {
    SHARE: { description: "A member's share of a completed packet: a no-threshold coupon of its amount." },
    CONSOLATION: { description: 'The coupon the opener of an expired packet gets, when the campaign has one.' },
  },
});

@ObjectType({ description: 'Prizes of one kind a red-packet campaign gave.' })
export class RedPacketPrizeCount {
  @Field(() => RedPacketPrizeKind, { description: 'The kind.' })
  kind: RedPacketPrizeKind;

  @Field(() => Int, { description: 'How many coupons were given.' })
  count: number;

  @Field(() => Money, { description: "What they cost at face value (the coupons' amounts off)." })
  cost: Money;
}

@ObjectType({ description: 'How a red-packet campaign did.' })
export class RedPacketCampaignResults {
  @Field(() => Int, { description: 'Packets opened.' })
  packetsOpened: number;

  @Field(() => Int, { description: 'Packets still open.' })
  packetsOpen: number;

  @Field(() => Int, { description: 'Packets completed (every share taken and paid).' })
  packetsCompleted: number;

  @Field(() => Int, { description: 'Packets that expired unfinished.' })
  packetsExpired: number;

  @Field(() => Int, { description: "Friends' joins (the openers not counted)." })
  joins: number;

  @Field(() => Float, { description: 'Completed ÷ (completed + expired), 0 to 1 (0 when none is decided yet).' })
  completionRate: number;

  @Field(() => [RedPacketPrizeCount], { description: 'Prizes given, by kind (SHARE, CONSOLATION).' })
  prizesByKind: RedPacketPrizeCount[];

  @Field(() => Money, { description: 'What every coupon given cost at face value: the shares of completed packets plus consolations.' })
  couponCost: Money;
}

@ObjectType({ description: 'A red-packet split campaign (瓜分红包 / 天天拆红包): packets split among friends who join in time.', implements: Node })
export class RedPacketCampaign extends Node {
  @Field({ description: 'Name shown to shoppers.' })
  name: string;

  @Field(() => Money, { description: 'What each packet holds, split among its members.' })
  totalAmount: Money;

  @Field(() => Int, { description: 'Shares of a packet: its opener and shares − 1 friends.' })
  shares: number;

  @Field(() => Money, { description: 'The least any share gets.' })
  minimumShare: Money;

  @Field(() => Int, { description: 'Time a packet has, in seconds from its opening.' })
  timeLimitSeconds: number;

  @Field(() => Int, { description: 'Packets one customer may open.' })
  opensPerCustomer: number;

  @Field(() => Int, { description: "Friends' packets one customer may join." })
  joinsPerCustomer: number;

  @Field(() => ID, { description: 'The coupon template shares are issued from (a CouponTemplate id), each with its share as amount.' })
  shareTemplateId: string;

  @Field(() => ID, { nullable: true, description: 'The coupon template (a CouponTemplate id) the opener of an expired packet gets; null: none.' })
  consolationTemplateId: string | null;

  @Field(() => [ID], { description: 'The storefront apps it runs on (StorefrontApp ids); empty: every app whose sharing games are on.' })
  storefrontAppIds: string[];

  @Field(() => GraphQLDateTimeISO, { description: 'Packets can be opened from then.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'No new packets from then.' })
  endsAt: Date;

  @Field(() => RedPacketCampaignStatusEnum, { description: 'ACTIVE or ENDED.' })
  status: RedPacketCampaignStatusEnum;

  @Field({ description: 'SHA-256 (hex) of the secret seed every split of this campaign is drawn from, published from the start.' })
  seedCommitment: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The seed, once the campaign is over (ended or past endsAt) and none of its packets is open; null before. With it anyone can check the commitment and recompute every split: fairSplit(seed, packet id (uuid), total in fen, shares, minimum share in fen) — docs/sharing-games.md.',
  })
  seed: string | null;
}

@ObjectType({ description: 'A member of a red packet: its opener (position 0) or a friend who joined.' })
export class RedPacketMember {
  @Field(() => Int, { description: 'Join order: 0 the opener, then friends as they joined. Share i of the split is theirs.' })
  position: number;

  @Field({ description: "The member's display name." })
  name: string;

  @Field(() => Money, { nullable: true, description: 'Their share, once the packet is complete; null before.' })
  share: Money | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When they joined.' })
  joinedAt: Date;
}

@ObjectType({ description: "A customer's red packet: friends join through its share token until every share is taken.", implements: Node })
export class RedPacket extends Node {
  @Field({ description: 'What friends open to join.' })
  shareToken: string;

  @Field(() => ID, { description: 'The campaign (a RedPacketCampaign id).' })
  campaignId: string;

  @Field(() => RedPacketStatusEnum, { description: 'Where it is.' })
  status: RedPacketStatusEnum;

  @Field(() => Money, { description: 'What it holds in all.' })
  totalAmount: Money;

  @Field(() => Int, { description: 'Shares in all (members when complete).' })
  shares: number;

  @Field(() => Money, { description: 'The least any share gets.' })
  minimumShare: Money;

  @Field(() => Int, { description: 'Members so far, the opener included.' })
  joinsCount: number;

  @Field(() => Int, { description: 'Shares still free.' })
  sharesLeft: number;

  @Field(() => Int, { description: 'Seconds left while OPEN (0 otherwise), counted when read.' })
  secondsLeft: number;

  @Field(() => GraphQLDateTimeISO, { description: 'When the time runs out.' })
  expiresAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the last share was taken; null unless COMPLETED.' })
  completedAt: Date | null;

  @Field({ description: "The opener's display name." })
  openerName: string;

  @Field({ description: 'Whether its opener got a consolation coupon (EXPIRED packets of campaigns with one).' })
  consolationGiven: boolean;
}

export const RedPacketCampaignConnection = ConnectionType(RedPacketCampaign, 'RedPacketCampaign', 'red-packet campaign');
export const RedPacketConnection = ConnectionType(RedPacket, 'RedPacket', 'red packet');

const appIdsInput = (more: string) => maxItems(MAX_STOREFRONT_APPS, `Storefront apps (StorefrontApp ids) it runs on; empty: every app. ${more}`);

@InputType({ description: 'A new red-packet campaign.' })
export class RedPacketCampaignCreateInput {
  @Field(maxChars(MAX_NAME_LENGTH, 'Name shown to shoppers, not blank.'))
  name: string;

  @Field(() => DecimalScalar, { description: 'What each packet holds (at least shares × minimumShare, at most 100000.00).' })
  totalAmount: Fen;

  @Field(() => Int, range(MIN_SHARES, MAX_SHARES, 'Shares of a packet: the opener and shares − 1 friends.'))
  shares: number;

  @Field(() => DecimalScalar, { description: 'The least any share gets (at least 0.01).' })
  minimumShare: Fen;

  @Field(() => Int, range(MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS, 'Time a packet has, in seconds (a minute to 7 days).'))
  timeLimitSeconds: number;

  @Field(() => ID, { description: 'The coupon template shares are issued from: AMOUNT_OFF with no threshold, not ended.' })
  shareTemplateId: string;

  @Field(() => ID, { nullable: true, description: 'The coupon template the opener of an expired packet gets (AMOUNT_OFF, no threshold); omitted: none.' })
  consolationTemplateId?: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'Packets can be opened from then.' })
  startsAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'No new packets from then.' })
  endsAt: Date;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, 'Packets one customer may open (default 1).') })
  opensPerCustomer?: number | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, "Friends' packets one customer may join (default 1).") })
  joinsPerCustomer?: number | null;

  @Field(() => [ID], { nullable: true, ...appIdsInput('Omitted: every app.') })
  storefrontAppIds?: string[] | null;
}

@InputType({ description: 'Changes to a red-packet campaign; omitted fields stay. Packets already opened keep their total, shares and time.' })
export class RedPacketCampaignUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'Name, not blank.') })
  name?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'What each new packet holds (at least shares × minimumShare, at most 100000.00).' })
  totalAmount?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(MIN_SHARES, MAX_SHARES, 'Shares of new packets.') })
  shares?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'The least any share of a new packet gets (at least 0.01).' })
  minimumShare?: Fen | null;

  @Field(() => Int, { nullable: true, ...range(MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS, 'Time limit of new packets, in seconds.') })
  timeLimitSeconds?: number | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, 'Packets per customer.') })
  opensPerCustomer?: number | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PER_CUSTOMER, 'Joins per customer.') })
  joinsPerCustomer?: number | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The coupon template shares are issued from (a CouponTemplate id): AMOUNT_OFF with no threshold, not ended.',
  })
  shareTemplateId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The coupon template (a CouponTemplate id) the opener of an expired packet gets: AMOUNT_OFF, no threshold; "" removes it.',
  })
  consolationTemplateId?: string | null;

  @Field(() => [ID], { nullable: true, ...appIdsInput('Replaces the list.') })
  storefrontAppIds?: string[] | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New start.' })
  startsAt?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'New end.' })
  endsAt?: Date | null;
}

@InputType({ description: 'Open a red packet of a campaign.' })
export class OpenRedPacketInput {
  @Field(() => ID, { description: 'The red-packet campaign.' })
  campaignId: string;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_IDEMPOTENCY_KEY_LENGTH,
      'Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED.',
    ),
  })
  idempotencyKey?: string | null;
}

@InputType({ description: "Join a friend's red packet." })
export class JoinRedPacketInput {
  @Field(maxChars(MAX_SHARE_TOKEN_LENGTH, "The packet's share token (what the friend's link carries)."))
  shareToken: string;

  @Field(() => String, {
    nullable: true,
    ...maxChars(
      MAX_IDEMPOTENCY_KEY_LENGTH,
      'Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED.',
    ),
  })
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'Result of a red-packet campaign mutation.' })
export class RedPacketCampaignPayload {
  @Field(() => RedPacketCampaign, { nullable: true, description: 'The campaign now; null when refused.' })
  campaign: RedPacketCampaign | null;

  @Field(() => [RedPacketUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: RedPacketUserError[];
}

@ObjectType({ description: 'Result of opening or joining a red packet.' })
export class RedPacketPayload {
  @Field(() => RedPacket, { nullable: true, description: 'The packet now; null when refused.' })
  packet: RedPacket | null;

  @Field(() => Int, { nullable: true, description: "The caller's position in it (0: the opener); null when refused." })
  position: number | null;

  @Field(() => [RedPacketUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: RedPacketUserError[];
}
