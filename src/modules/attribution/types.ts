import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { UserError } from '../../lib/errors';
import { ShareEntry } from './entry';
import { AttributionErrorCode, attributionErrorCodeDescriptions } from './rules';

registerEnumType(AttributionErrorCode, {
  name: 'AttributionErrorCode',
  description: 'Why a share-link mutation was refused.',
  valuesConfig: attributionErrorCodeDescriptions,
});

@ObjectType({
  description:
    "A member's share link: put `token` in the URL you share; storefronts hand it back with recordShareTouch and checkout, and the sales it leads to are attributed to you.",
})
export class ShareLink {
  dbId: string;
  sharerDbId: string;
  targetDbId: string;

  @Field({ description: 'The token for the share URL; the same every time you share the same target.' })
  token: string;

  @Field(() => ShareEntry, { description: 'What the link leads to.' })
  entry: ShareEntry;

  @Field(() => ID, { description: 'The shop or product shared; for a content card link, the card (its ArticleBlock.id).' })
  targetId: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the link was first made.' })
  createdAt: Date;
}

@ObjectType({ description: "A person named in an order's attribution." })
export class AttributedAccount {
  @Field(() => ID, { description: 'The account (usable with node(id:) by operators).' })
  id: string;

  @Field({ description: 'Their display name.' })
  displayName: string;
}

@ObjectType('OrderAttribution', {
  description:
    "Who an order is attributed to: the share link the buyer came through (the last valid touch within the attribution window, or the token given at checkout) and the buyer's bound inviter at that moment. Written when the order is placed and never changed afterwards — there is no way to update it, payment and refunds included.",
})
export class OrderAttributionType {
  shopDbId: string | null;

  @Field(() => ShareEntry, { nullable: true, description: 'The entry point of the share link; null when the order came through none.' })
  entry: ShareEntry | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The shop or product the link shared (for a content card link, the card: its ArticleBlock.id); null without a link.',
  })
  targetId: string | null;

  @Field(() => AttributedAccount, { nullable: true, description: 'The member who shared the link; null without a link.' })
  sharer: AttributedAccount | null;

  @Field(() => AttributedAccount, {
    nullable: true,
    description: 'The inviter the buyer was bound to when ordering (whatever link they came through); null when unbound.',
  })
  inviter: AttributedAccount | null;

  @Field({ description: 'The buyer is the sharer: they bought through their own link or shop.' })
  selfPurchase: boolean;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was recorded: when the order was placed.' })
  attributedAt: Date;
}

@ObjectType({ description: 'A refused share-link mutation.', implements: UserError })
export class AttributionUserError extends UserError {
  @Field(() => AttributionErrorCode, { description: 'What kind of failure this is.' })
  code: AttributionErrorCode;
}

@ObjectType({ description: 'Result of asking for a share link.' })
export class ShareLinkPayload {
  @Field(() => ShareLink, { nullable: true, description: 'Your link; null when refused.' })
  shareLink: ShareLink | null;

  @Field(() => [AttributionUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: AttributionUserError[];
}

@ObjectType({ description: 'Result of recording that a customer arrived through a share link.' })
export class RecordShareTouchPayload {
  @Field(() => ShareLink, { nullable: true, description: 'The link the customer arrived through (where it leads); null when refused.' })
  shareLink: ShareLink | null;

  @Field(() => [AttributionUserError], {
    description: 'Why it was refused: UNKNOWN_SHARE_TOKEN, or SHARER_NOT_MEMBER when the link no longer attributes anything; empty on success.',
  })
  userErrors: AttributionUserError[];
}
