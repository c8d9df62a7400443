import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, range } from '../../lib/bounds';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { MAX_CAMPAIGN_NAME_LENGTH, MAX_PACK_SIZE, MAX_PACK_TOKEN_LENGTH } from './share-packs';
import { CouponType, CouponUserError } from './types';

@ObjectType('SharePackCampaign', {
  description: "A share-pack campaign (券包): friends who open a customer's pack each claim one coupon; the sharer is rewarded once enough have.",
  implements: Node,
})
export class SharePackCampaignType extends Node {
  templateDbId: string;
  rewardTemplateDbId: string;

  @Field({ description: 'Name.' })
  name: string;

  @Field(() => Int, { description: "Friends who must claim from a pack for its sharer's reward." })
  friendsNeeded: number;

  @Field(() => Int, { description: 'Coupons one pack holds.' })
  packSize: number;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it was ended; null while it runs.' })
  endedAt: Date | null;

  /** Exposed to operators only by a field resolver. */
  packCount: number;

  /** Exposed to operators only by a field resolver. */
  claimCount: number;

  /** Exposed to operators only by a field resolver. */
  rewardCount: number;
}

@ObjectType('SharePack', { description: "A customer's share pack: send its token to friends.", implements: Node })
export class SharePackType extends Node {
  campaignDbId: string;
  rewardCouponDbId: string | null;

  @Field({ description: 'The token friends open the pack with (claimSharePack).' })
  token: string;

  @Field(() => Int, { description: 'Friends who have claimed from it.' })
  claimed: number;
}

@ObjectType({ description: 'Result of a share-pack campaign mutation.' })
export class SharePackCampaignPayload {
  @Field(() => SharePackCampaignType, { nullable: true, description: 'The campaign; null when refused.' })
  campaign: SharePackCampaignType | null;

  @Field(() => [CouponUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: CouponUserError[];
}

@ObjectType({ description: 'Result of getting your share pack.' })
export class SharePackPayload {
  @Field(() => SharePackType, { nullable: true, description: 'Your pack; null when refused.' })
  sharePack: SharePackType | null;

  @Field(() => [CouponUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: CouponUserError[];
}

@ObjectType({ description: 'Result of claiming from a share pack.' })
export class ClaimSharePackPayload {
  @Field(() => CouponType, { nullable: true, description: 'Your coupon; null when refused.' })
  coupon: CouponType | null;

  @Field(() => [CouponUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: CouponUserError[];
}

@InputType({ description: 'A new share-pack campaign.' })
export class SharePackCampaignInput {
  @Field(maxChars(MAX_CAMPAIGN_NAME_LENGTH, 'Name, not blank.'))
  name: string;

  @Field(() => ID, { description: 'The coupon template friends get one coupon of.' })
  templateId: string;

  @Field(() => ID, { description: 'The coupon template the sharer gets one coupon of once friendsNeeded friends have claimed.' })
  rewardTemplateId: string;

  @Field(() => Int, range(1, MAX_PACK_SIZE, 'Friends needed for the reward.'))
  friendsNeeded: number;

  @Field(() => Int, { nullable: true, ...range(1, MAX_PACK_SIZE, 'Coupons a pack holds, at least friendsNeeded; omitted: friendsNeeded.') })
  packSize?: number | null;
}

export const SharePackCampaignConnection = ConnectionType(SharePackCampaignType, 'SharePackCampaign', 'share-pack campaign');
export const SharePackConnection = ConnectionType(SharePackType, 'SharePack', 'share pack');

@InputType({ description: 'Which campaign to share a pack of.' })
export class ShareCouponPackInput {
  @Field(() => ID, { description: 'The share-pack campaign.' })
  campaignId: string;
}

@InputType({ description: "Which friend's pack to claim from." })
export class ClaimSharePackInput {
  @Field(maxChars(MAX_PACK_TOKEN_LENGTH, "The pack's token."))
  token: string;
}
