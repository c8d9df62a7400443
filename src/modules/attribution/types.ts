import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { UserError } from '../../lib/errors';
import { LineSourceKind, LineSourceReason } from './entities';
import { ShareEntry } from './entry';
import { AttributionErrorCode, attributionErrorCodeDescriptions } from './rules';

registerEnumType(AttributionErrorCode, {
  name: 'AttributionErrorCode',
  description: 'Why a share-link mutation was refused.',
  valuesConfig: attributionErrorCodeDescriptions,
});

registerEnumType(LineSourceKind, {
  name: 'OrderLineSourceKind',
  description: 'What an order line was attributed to at checkout (the precedence is in OrderLineSourceReason).',
  valuesConfig: {
    CONTENT_CARD: {
      description:
        "A product card or grid of a content-guide article, through its link: the line's product is one the card features. Its author is credited; commission is paid only to members (a KOL who is not one earns none, the funnel still counts the sale).",
    },
    SHOP_LINK: { description: "A member's shop link: it covers every line of the order." },
    PRODUCT_LINK: { description: "A member's product link: it covers every line of the order." },
    LIVE_SESSION: { description: 'A live session (reserved: not produced yet; it will rank like any share link).' },
    BUY_BUTTON: {
      description:
        "The buy button of a site (the storefront app of the checkout) at the placement it gave (CheckoutInput.placement): it wins the lines no share link — given at checkout or touched within the window — covers. It names no person: nobody earns through it, though the buyer's bound inviter's chain still earns on the line.",
    },
    INVITER: { description: "No share link covers the line: the buyer's bound inviter (commission goes up the inviter's chain)." },
    NONE: { description: 'No share link covers the line and the buyer has no inviter: nobody earns commission on it.' },
  },
});

registerEnumType(LineSourceReason, {
  name: 'OrderLineSourceReason',
  description:
    'Why a source won an order line, in the order of precedence: the first that covers the line wins. A content card covers the lines of the products it features; a shop or product link covers every line.',
  valuesConfig: {
    TOKEN_AT_CHECKOUT: {
      description:
        "1. Given at checkout: the share token — a content card's link while its article is published, a shop or product link while its sharer is a member; or, for the lines no link covers, the buy button (kind BUY_BUTTON) the order was placed through.",
    },
    LAST_TOUCH: { description: "2. The buyer's most recent valid touch within the attribution window (member programme settings) that covers the line." },
    BOUND_INVITER: { description: "3. No link covers the line: the buyer's bound inviter." },
    NO_SOURCE: { description: '4. Nothing: no link covers the line and the buyer has no inviter.' },
  },
});

@ObjectType('OrderLineSource', {
  description:
    'Where an order line came from and why, frozen at checkout and never changed (refunds included). Seen by whoever sees the line: the buyer (their own orders) and operators; a member sees the source of the lines they earned on in EarningEntry.lineSource.',
})
export class OrderLineSourceType {
  articleDbId: string | null;

  @Field(() => LineSourceKind, { description: 'What won the line.' })
  kind: LineSourceKind;

  @Field(() => LineSourceReason, { description: 'Why it won: its rank of precedence.' })
  reason: LineSourceReason;

  @Field({
    description:
      'The reason in words, as it was at checkout, e.g. \'token given at checkout: article "Spring teas", card 2\' or \'not featured by the article "Spring teas", card 2 given at checkout; last touch within 7 days: shop link shared by 小茶\'.',
  })
  reasonText: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Public name of whom the line is attributed to: the link's sharer (a content card's author), or for INVITER the bound inviter; null for NONE. A name they never chose shows masked.",
  })
  sharerName: string | null;

  @Field(() => String, { nullable: true, description: "CONTENT_CARD: the article's title as it was at checkout; null otherwise." })
  articleTitle: string | null;

  @Field(() => ID, { nullable: true, description: 'CONTENT_CARD: the card or grid (its ArticleBlock.id); null otherwise.' })
  cardId: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "CONTENT_CARD: the card's position among the article's cards and grids at checkout, 1 for the first; null otherwise.",
  })
  cardPosition: number | null;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description: 'When the buyer came through the link: the touch that won, or the checkout for the token given then; null for BUY_BUTTON, INVITER and NONE.',
  })
  touchedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The placement label of the buy button the order was placed through (CheckoutInput.placement), whatever won the line; null when none was given. For BUY_BUTTON, reasonText names the site and placement.',
  })
  placement: string | null;
}

@ObjectType({ description: 'The site an order came from: the storefront app whose key its checkout carried.' })
export class AttributedSite {
  @Field(() => ID, { description: 'The storefront app (a StorefrontApp.id).' })
  id: string;

  @Field({ description: "The storefront app's name." })
  name: string;
}

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

  @Field(() => AttributedSite, { nullable: true, description: 'The site the order came from: the storefront app its checkout was placed through.' })
  site: AttributedSite | null;

  @Field(() => String, {
    nullable: true,
    description: 'The placement label of the buy button it was placed through (CheckoutInput.placement); null when none was given.',
  })
  placement: string | null;

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
