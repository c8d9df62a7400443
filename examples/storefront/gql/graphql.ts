/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
  /** A non-negative decimal amount of money in a currency's major unit, as a string with at most two decimal places, e.g. "12.34". Never a float. */
  Decimal: { input: string; output: string; }
  /** A local date string (i.e., with no associated timezone) in `YYYY-MM-DD` format, e.g. `2020-01-01`. */
  LocalDate: { input: any; output: any; }
};

/** Why a sign-up, sign-in or token mutation was refused. */
export type AccountErrorCode =
  /** Phone sign-in: the code is more than 5 minutes old. Ask for a new one (requestSignInCode). */
  | 'CODE_EXPIRED'
  /** Phone sign-in: the code is not the one sent (the message says how many tries are left), is not 6 digits, was already used, or no code was sent to this number. Nothing signed in. */
  | 'CODE_INVALID'
  /** Another account already has this email address. */
  | 'EMAIL_TAKEN'
  /** Sign-in failed: the login or the password is wrong. */
  | 'INVALID_CREDENTIALS'
  /** The display name is longer than 40 characters. */
  | 'INVALID_DISPLAY_NAME'
  /** The email address given is not a valid email address. */
  | 'INVALID_EMAIL'
  /** The invite code given at sign-up cannot be used (unknown, or its owner cannot invite); the message says why. */
  | 'INVALID_INVITE_CODE'
  /** The phone number given is not 11 digits starting with 1, nor + country code and number. */
  | 'INVALID_PHONE'
  /** The refresh token is unknown, expired or already used, or its session has ended (signed out, or ended because a used refresh token of it was presented again): sign in again. */
  | 'INVALID_REFRESH_TOKEN'
  /** Sign-up was given neither an email address nor a phone number. */
  | 'LOGIN_REQUIRED'
  /** Another account already has this phone number. */
  | 'PHONE_TAKEN'
  /** Phone sign-in: no SMS provider is configured on this server, or the provider did not take the message. Nothing was sent; sign in with a password or try later. */
  | 'SMS_UNAVAILABLE'
  /** Phone sign-in: the code was tried 5 times (it works for 5 tries at most). Ask for a new one. */
  | 'TOO_MANY_ATTEMPTS'
  /** Phone sign-in: too many codes were asked for this number or from this client address (rate limited); `retryAfterSeconds` says when to ask again. Nothing was sent. */
  | 'TOO_MANY_CODES'
  /** The password is too weak; the message says why. */
  | 'WEAK_PASSWORD';

/** What an account may do. */
export type AccountRole =
  /** A buyer. */
  | 'CUSTOMER'
  /** A customer with a membership: member prices and a shop of their own. */
  | 'MEMBER'
  /** A platform administrator. */
  | 'OPERATOR';

/** A SKU to add to a session's lineup. */
export type AddLiveItemInput = {
  /** Sending the same key again replays the first answer instead of carving twice (8 to 128 letters, digits or ._:-). At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The live price, above 0. */
  livePrice: Scalars['Decimal']['input'];
  /** Units one customer may buy of it in the session; left out: no limit but the quota. From 1 to 999. */
  perCustomerLimit?: InputMaybe<Scalars['Int']['input']>;
  /** Its place in the lineup; left out: after the last. From 0 to 10,000. */
  position?: InputMaybe<Scalars['Int']['input']>;
  /** The live stock quota, carved out of the SKU's stock now (refused when it has less). From 1 to 1,000,000. */
  quota: Scalars['Int']['input'];
  /** The session (a LiveSession id). */
  sessionId: Scalars['ID']['input'];
  /** The SKU (a Sku id) of a published product; once per lineup. */
  skuId: Scalars['ID']['input'];
};

/** A prize tier for a DRAFT lottery (the next rank). */
export type AddLotteryPrizeInput = {
  /** The lottery (a LotteryCampaign id). */
  campaignId: Scalars['ID']['input'];
  /** What the tier is called. At most 60 characters. */
  name: Scalars['String']['input'];
  /** The coupon each winner gets: a CouponTemplate id of a GRANT_ONLY template. */
  templateId: Scalars['ID']['input'];
  /** How many customers win it. From 1 to 10,000. */
  winners: Scalars['Int']['input'];
};

/** A shipping address to save. */
export type AddSavedAddressInput = {
  /** Street address (at least 2 characters). At most 200 characters. */
  detail: Scalars['String']['input'];
  /** true: it becomes the default. The first address saved becomes the default anyway. */
  makeDefault?: InputMaybe<Scalars['Boolean']['input']>;
  /** Recipient, not blank. At most 40 characters. */
  name: Scalars['String']['input'];
  /** Recipient's phone: 11 digits starting with 1, or + and an international number; spaces and hyphens are dropped. At most 30 characters. */
  phone: Scalars['String']['input'];
  /** Province, city and district, e.g. "浙江省 杭州市 西湖区" (at least 2 characters). At most 100 characters. */
  region: Scalars['String']['input'];
};

/** A prize slot for a DRAFT wheel. */
export type AddWheelPrizeInput = {
  /** The campaign (a WheelCampaign id). */
  campaignId: Scalars['ID']['input'];
  /** What the slot shows. At most 60 characters. */
  name: Scalars['String']['input'];
  /** How many it gives in all. From 0 to 1,000,000. */
  stock: Scalars['Int']['input'];
  /** The coupon it gives: a CouponTemplate id of a GRANT_ONLY template. */
  templateId: Scalars['ID']['input'];
  /** Its weight. From 0 to 1,000,000. */
  weight: Scalars['Int']['input'];
};

/** Why an address-book mutation was refused. */
export type AddressErrorCode =
  /** A field is too short or too long once trimmed (region and street address take at least 2 characters); the message gives the bounds, `field` names it. */
  | 'ADDRESS_FIELD_LENGTH'
  /** A required field (recipient name, region, street address) is blank; `field` names it. */
  | 'ADDRESS_FIELD_REQUIRED'
  /** The caller has no saved address with this id (never saved, removed, or another account’s). */
  | 'ADDRESS_NOT_FOUND'
  /** The recipient's phone is not 11 digits starting with 1, nor + and an international number. */
  | 'INVALID_ADDRESS_PHONE'
  /** The account already keeps 20 addresses, the most it may: remove one first. */
  | 'TOO_MANY_ADDRESSES';

/** An operator's correction of a member's earnings. */
export type AdjustEarningsInput = {
  /** The member's account. */
  accountId: Scalars['ID']['input'];
  /** How much (more than 0). */
  amount: Scalars['Decimal']['input'];
  /** true takes the amount away (from available; beyond it, debt); false adds it (paying debt first). */
  debit: Scalars['Boolean']['input'];
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Why, not blank; the member sees it. At most 200 characters. */
  reason: Scalars['String']['input'];
};

/** Filters of the after-sale request list. */
export type AfterSaleFilterInput = {
  /** Only requests in these statuses. At most 3 items. */
  statuses?: InputMaybe<Array<AfterSaleStatus>>;
};

/** What to ask back: the whole order (lines omitted) or lines and quantities. */
export type AfterSaleRequestInput = {
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Lines and quantities; omitted: the whole order. At most 50 items. */
  lines?: InputMaybe<Array<RefundLineInput>>;
  /** Your order: PAID, SHIPPED, or RECEIVED within the after-sale window. */
  orderId: Scalars['ID']['input'];
  /** Why (at least 2 characters). At most 200 characters. */
  reason: Scalars['String']['input'];
};

/** Where an after-sale request is. */
export type AfterSaleStatus =
  /** Approved and refunded (see `refund`). */
  | 'APPROVED'
  /** Waiting for an operator's decision. */
  | 'OPEN'
  /** Rejected; `decisionReason` says why. */
  | 'REJECTED';

/** Filters of the operators' list of every article; all given must match. */
export type AllArticlesFilterInput = {
  /** Only this author's (an ArticleAuthor.id). */
  authorId?: InputMaybe<Scalars['ID']['input']>;
  /** Only articles in these states; omitted: all. At most 4 items. */
  statuses?: InputMaybe<Array<ArticleStatus>>;
};

/** A membership application. */
export type ApplyForMembershipInput = {
  /** A few words to the operator. At most 500 characters. */
  message?: InputMaybe<Scalars['String']['input']>;
};

/** An after-sale request to approve. */
export type ApproveAfterSaleInput = {
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The request, OPEN. */
  requestId: Scalars['ID']['input'];
};

/** An application to approve. */
export type ApproveMembershipApplicationInput = {
  /** The application, PENDING. */
  applicationId: Scalars['ID']['input'];
  /** Days the membership lasts; omitted: the plan's duration, or never lapsing without a plan. From 1 to 3,650. */
  durationDays?: InputMaybe<Scalars['Int']['input']>;
  /** The plan of the membership (active); omitted: none. */
  planId?: InputMaybe<Scalars['ID']['input']>;
};

/** One block of an article body: give exactly one of paragraph, heading, image, quote, productCard, productGrid and review. Give `id` to keep an existing block (its link token and funnel counts go with it). */
export type ArticleBlockInput = {
  /** A heading. */
  heading?: InputMaybe<HeadingBlockInput>;
  /** The id of a block of this article to keep (ArticleBlock.id); omitted: a new block. */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** An image. */
  image?: InputMaybe<ImageBlockInput>;
  /** A paragraph. */
  paragraph?: InputMaybe<ParagraphBlockInput>;
  /** A product card. */
  productCard?: InputMaybe<ProductCardBlockInput>;
  /** A product grid. */
  productGrid?: InputMaybe<ProductGridBlockInput>;
  /** A quotation. */
  quote?: InputMaybe<QuoteBlockInput>;
  /** A featured review. */
  review?: InputMaybe<ReviewBlockInput>;
};

/** A new article (a draft until you publish it). */
export type ArticleCreateInput = {
  /** The body, in reading order. At most 100 items. */
  blocks: Array<ArticleBlockInput>;
  /** Absolute http:// or https:// URL of the cover image. At most 2,000 characters. */
  coverImageUrl?: InputMaybe<Scalars['String']['input']>;
  /** URL name: lower-case letters, digits and single hyphens, unique; omitted: a random one ("a-…"). At most 100 characters. */
  slug?: InputMaybe<Scalars['String']['input']>;
  /** A short summary for listings, plain text. At most 300 characters. */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** Tags, stored lower-cased, each once. At most 10 items. Each at most 20 characters. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The title, not empty. At most 100 characters. */
  title: Scalars['String']['input'];
};

/** Filters of an article listing; all given must match. */
export type ArticleFilterInput = {
  /** Only this author's (an ArticleAuthor.id). */
  authorId?: InputMaybe<Scalars['ID']['input']>;
  /** Only articles featuring this product in a card or grid. */
  productId?: InputMaybe<Scalars['ID']['input']>;
  /** Only articles first published at or after this time. */
  publishedAfter?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Only articles first published before this time. */
  publishedBefore?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Only articles with this tag (case does not matter). At most 20 characters. */
  tag?: InputMaybe<Scalars['String']['input']>;
};

/** Whether a featured product can be bought now. */
export type ArticleProductAvailability =
  /** On sale and in stock. */
  | 'AVAILABLE'
  /** Published as a preview (商品预告): on sale once product.saleStartsAt comes. */
  | 'PREVIEW'
  /** On sale, but out of stock (the card's SKU, or every SKU). */
  | 'SOLD_OUT'
  /** Off sale, or not published at all: an off-sale product still shows; of one that is not published nothing shows (product is null). */
  | 'UNAVAILABLE';

/** Order of an article listing. */
export type ArticleSort =
  /** Highest paid sales of the lines checkout attributed to the article's cards first (net of refunds; counted from the order events, a moment after payment), then by id, newest first. */
  | 'MOST_SOLD'
  /** Latest first publication first. */
  | 'NEWEST';

/** Where an article stands: DRAFT → PUBLISHED ⇄ UNPUBLISHED (its author), PUBLISHED ⇄ HIDDEN (an operator, with a reason). */
export type ArticleStatus =
  /** Being written; never published. Seen by its author and operators only. */
  | 'DRAFT'
  /** Taken down by an operator, with a reason its author sees; only an operator brings it back. */
  | 'HIDDEN'
  /** Shown to storefronts. */
  | 'PUBLISHED'
  /** Taken down by its author; they may publish it again. */
  | 'UNPUBLISHED';

/** Changes to an article; what is omitted stays as it is. `blocks` replaces the whole body. */
export type ArticleUpdateInput = {
  /** The whole body, in reading order: blocks given with their id are kept, blocks left out are removed. At most 100 items. */
  blocks?: InputMaybe<Array<ArticleBlockInput>>;
  /** Absolute http:// or https:// URL of the cover image; an empty string removes it. At most 2,000 characters. */
  coverImageUrl?: InputMaybe<Scalars['String']['input']>;
  /** URL name: lower-case letters, digits and single hyphens, unique. At most 100 characters. */
  slug?: InputMaybe<Scalars['String']['input']>;
  /** A short summary for listings, plain text. At most 300 characters. */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** Tags, stored lower-cased, each once; replaces them all. At most 10 items. Each at most 20 characters. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The title, not empty. At most 100 characters. */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** A new assist-for-free campaign. */
export type AssistCampaignCreateInput = {
  /** No new links from then. */
  endsAt: Scalars['DateTimeISO']['input'];
  /** Friends' assists needed for the free order. From 1 to 50. */
  helpersNeeded: Scalars['Int']['input'];
  /** Links one buyer may get (default 1). From 1 to 1,000. */
  linksPerCustomer?: InputMaybe<Scalars['Int']['input']>;
  /** Name shown to shoppers, not blank. At most 60 characters. */
  name: Scalars['String']['input'];
  /** Only customers who never had an order paid may assist (default false). */
  newCustomersOnly?: InputMaybe<Scalars['Boolean']['input']>;
  /** The product: a paid order holding it gets an assist link. */
  productId: Scalars['ID']['input'];
  /** Orders paid from then get links. */
  startsAt: Scalars['DateTimeISO']['input'];
  /** Storefront apps (StorefrontApp ids) it runs on; empty: every app. Omitted: every app. At most 20 items. */
  storefrontAppIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Time a link has from the payment, in seconds (a minute to 7 days). From 60 to 604,800. */
  timeLimitSeconds: Scalars['Int']['input'];
};

/** Whether an assist campaign gives new links (within its window). */
export type AssistCampaignStatus =
  /** Orders paid between startsAt and endsAt get links. */
  | 'ACTIVE'
  /** Ended by an operator: no new links; open ones run to their time. */
  | 'ENDED';

/** Changes to an assist campaign; omitted fields stay. Links already given keep their assists needed and time. */
export type AssistCampaignUpdateInput = {
  /** New end. */
  endsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Assists needed for new links. From 1 to 50. */
  helpersNeeded?: InputMaybe<Scalars['Int']['input']>;
  /** Links per buyer. From 1 to 1,000. */
  linksPerCustomer?: InputMaybe<Scalars['Int']['input']>;
  /** Name, not blank. At most 60 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New customers only. */
  newCustomersOnly?: InputMaybe<Scalars['Boolean']['input']>;
  /** New start. */
  startsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Storefront apps (StorefrontApp ids) it runs on; empty: every app. Replaces the list. At most 20 items. */
  storefrontAppIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Time limit of new links, in seconds. From 60 to 604,800. */
  timeLimitSeconds?: InputMaybe<Scalars['Int']['input']>;
};

/** Why an assist campaign or assist was refused. */
export type AssistErrorCode =
  /** The caller has already assisted this link. */
  | 'ALREADY_ASSISTED'
  /** The campaign has already ended and cannot change or end again. */
  | 'CAMPAIGN_ENDED'
  /** No assist campaign has this id. */
  | 'CAMPAIGN_NOT_FOUND'
  /** The caller tried to assist their own link: only friends can. */
  | 'CANNOT_ASSIST_YOURSELF'
  /** This idempotency key was already used with other input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** helpersNeeded is not 1 to 50. */
  | 'INVALID_HELPERS'
  /** idempotencyKey is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** linksPerCustomer is out of range. */
  | 'INVALID_LIMIT'
  /** The campaign name is not 1 to 60 characters. */
  | 'INVALID_NAME'
  /** A storefront app id given is unknown (field ends with its index), or the list is longer than 20. */
  | 'INVALID_STOREFRONT_APP'
  /** timeLimitSeconds is out of the allowed range. */
  | 'INVALID_TIME_LIMIT'
  /** The campaign would end before it starts. */
  | 'INVALID_WINDOW'
  /** The link already has every assist it needs: the order is (being) refunded. */
  | 'LINK_COMPLETE'
  /** The link's order was refunded or cancelled another way: the link has ended. */
  | 'LINK_ENDED'
  /** The link is past its time: assists no longer count, and the order is not refunded. */
  | 'LINK_EXPIRED'
  /** No assist link has this share token. */
  | 'LINK_NOT_FOUND'
  /** Only customers who never had an order paid may assist in this campaign. */
  | 'NEW_CUSTOMERS_ONLY'
  /** The campaign does not run on the storefront app the request came through. */
  | 'NOT_ON_THIS_APP'
  /** No product has the id given for the campaign. */
  | 'PRODUCT_NOT_FOUND'
  /** The sharing games are off on this storefront app (the channel's rules forbid them); promotionGames says why. */
  | 'SHARING_GAMES_OFF';

/** Assist a friend's free order. */
export type AssistFriendInput = {
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The link's share token (what the friend's link carries). At most 64 characters. */
  shareToken: Scalars['String']['input'];
};

/** Where an assist link is. */
export type AssistLinkStatus =
  /** Every assist needed came in time: the refund of the order is on its way (made at once, or within about a minute). */
  | 'COMPLETED'
  /** The order was refunded or cancelled another way: the link ended. */
  | 'ENDED'
  /** The time ran out first: nothing is refunded. */
  | 'EXPIRED'
  /** Friends can assist until expiresAt. */
  | 'OPEN'
  /** The order's paid amount was refunded through the payment provider. */
  | 'REFUNDED';

/** Why a share-link mutation was refused. */
export type AttributionErrorCode =
  /** Content card links come with the article's cards (ProductCardBlock.linkToken): createShareLink makes shop and product links only. */
  | 'ENTRY_NOT_SHAREABLE'
  /** The caller is not a member: only members have share links. */
  | 'NOT_A_MEMBER'
  /** The shop is not the caller's own: members share their own shop only. */
  | 'NOT_YOUR_SHOP'
  /** The member who shared the link is no longer a member, so it attributes nothing. */
  | 'SHARER_NOT_MEMBER'
  /** No shop or product has this id, or the product is off sale and cannot be shared. */
  | 'TARGET_NOT_FOUND'
  /** No share link has this token. */
  | 'UNKNOWN_SHARE_TOKEN';

/** A new bargain campaign. */
export type BargainCampaignCreateInput = {
  /** Buying needs the floor reached (default true). */
  buyAtFloorOnly?: InputMaybe<Scalars['Boolean']['input']>;
  /** No new bargains from then. */
  endsAt: Scalars['DateTimeISO']['input'];
  /** The lowest price. */
  floorPrice: Scalars['Decimal']['input'];
  /** Friends' cuts needed to reach the floor (start − floor must be at least this many fen). From 1 to 100. */
  helpersNeeded: Scalars['Int']['input'];
  /** Name shown to shoppers, not blank. At most 60 characters. */
  name: Scalars['String']['input'];
  /** A new customer's cut may reach this percent of the usual upper bound (default 100). From 100 to 300. */
  newHelperBoostPercent?: InputMaybe<Scalars['Int']['input']>;
  /** Bargains one customer may start (default 1). From 1 to 1,000. */
  perCustomerLimit?: InputMaybe<Scalars['Int']['input']>;
  /** The SKU. */
  skuId: Scalars['ID']['input'];
  /** Where each bargain starts (above the floor). */
  startPrice: Scalars['Decimal']['input'];
  /** Bargains can be started from then. */
  startsAt: Scalars['DateTimeISO']['input'];
  /** Bargains that can be bought. From 0 to 1,000,000. */
  stock: Scalars['Int']['input'];
  /** Time a bargain has, in seconds (a minute to 30 days). From 60 to 2,592,000. */
  timeLimitSeconds: Scalars['Int']['input'];
};

/** Whether a bargain campaign takes new bargains (within its window). */
export type BargainCampaignStatus =
  /** Takes new bargains between startsAt and endsAt. */
  | 'ACTIVE'
  /** Ended by an operator: no new bargains. */
  | 'ENDED';

/** Changes to a bargain campaign; omitted fields stay. Bargains already started keep their prices. */
export type BargainCampaignUpdateInput = {
  /** Buying needs the floor reached. */
  buyAtFloorOnly?: InputMaybe<Scalars['Boolean']['input']>;
  /** New end. */
  endsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Floor price. */
  floorPrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** Cuts needed. From 1 to 100. */
  helpersNeeded?: InputMaybe<Scalars['Int']['input']>;
  /** Name, not blank. At most 60 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New-customer boost percent. From 100 to 300. */
  newHelperBoostPercent?: InputMaybe<Scalars['Int']['input']>;
  /** Bargains per customer. From 1 to 1,000. */
  perCustomerLimit?: InputMaybe<Scalars['Int']['input']>;
  /** Start price. */
  startPrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** New start. */
  startsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Stock. From 0 to 1,000,000. */
  stock?: InputMaybe<Scalars['Int']['input']>;
  /** Time limit in seconds. From 60 to 2,592,000. */
  timeLimitSeconds?: InputMaybe<Scalars['Int']['input']>;
};

/** Why buying a bargain was refused: a checkout refusal (stock, address…) or a bargain one. */
export type BargainCheckoutErrorCode =
  /** The caller has no saved address with this addressId (removed, or another account's). */
  | 'ADDRESS_NOT_FOUND'
  /** Both shippingAddress and addressId were given, or neither: give exactly one. */
  | 'ADDRESS_REQUIRED'
  /** The bargain is past its time, already bought or otherwise closed, so it cannot be cut or bought. */
  | 'BARGAIN_NOT_ACTIVE'
  /** No bargain (of the caller's, when buying) has this id or share token. */
  | 'BARGAIN_NOT_FOUND'
  /** No cart (or cart line) of the caller's has this id, or no storefront app key was sent. */
  | 'CART_NOT_FOUND'
  /** Both cartId and lines were given, or neither: give exactly one. */
  | 'CART_OR_LINES_REQUIRED'
  /** The caller has no available coupon with this id (used, locked by another unpaid order, or not theirs). */
  | 'COUPON_NOT_AVAILABLE'
  /** The coupon cannot be used on this order (the message says why), or both couponId and noCoupon were given. */
  | 'COUPON_UNUSABLE'
  /** No lines were given: there is nothing to order. */
  | 'EMPTY_ORDER'
  /** The order would take the customer past the flash sale's per-customer limit. */
  | 'FLASH_SALE_LIMIT_REACHED'
  /** The flash sale is sold out or has fewer units left than asked for. */
  | 'FLASH_SALE_SOLD_OUT'
  /** The bargain has not been cut to its floor price yet, so it cannot be bought. */
  | 'FLOOR_NOT_REACHED'
  /** The order is on hold until its group-buy session succeeds, so it cannot ship yet. */
  | 'FULFILMENT_ON_HOLD'
  /** This idempotency key was already used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The order's status does not allow this step now; the message says which status it needs. */
  | 'ILLEGAL_TRANSITION'
  /** A SKU has fewer units in stock than asked for; the message names the SKU and what is left. */
  | 'INSUFFICIENT_STOCK'
  /** A shipping address field (recipient name, phone, region, street) is invalid; the field path names it. */
  | 'INVALID_ADDRESS'
  /** The idempotency key is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** The buy button's placement label is not 1 to 40 letters, digits, '_', '.' or '-'. */
  | 'INVALID_PLACEMENT'
  /** A bargain buys exactly one unit of its SKU. */
  | 'INVALID_QUANTITY'
  /** An order setting is out of range; the message names it. */
  | 'INVALID_SETTINGS'
  /** The carrier is not 2 to 40 characters, or the tracking number is not 4 to 40 letters, digits or hyphens. */
  | 'INVALID_SHIPMENT'
  /** New-customer prices are for the first order only, and another order of the customer already has them. */
  | 'NEW_CUSTOMER_PRICE_USED'
  /** The SKU's product is off sale or not on sale yet (a preview). */
  | 'NOT_BUYABLE'
  /** No order (of the caller's, for customers) has this id. */
  | 'ORDER_NOT_FOUND'
  /** The campaign is sold out: no bargain can be started or bought. */
  | 'OUT_OF_STOCK'
  /** No SKU has this id. */
  | 'SKU_NOT_FOUND'
  /** The order or cart has more lines (different SKUs) than allowed. */
  | 'TOO_MANY_LINES';

/** Why a bargain campaign, bargain or cut was refused. */
export type BargainErrorCode =
  /** The customer already has a bargain of this campaign going. */
  | 'ALREADY_BARGAINING'
  /** The caller has already cut this bargain. */
  | 'ALREADY_HELPED'
  /** The bargain is past its time, already bought or otherwise closed, so it cannot be cut or bought. */
  | 'BARGAIN_NOT_ACTIVE'
  /** No bargain (of the caller's, when buying) has this id or share token. */
  | 'BARGAIN_NOT_FOUND'
  /** The campaign has already ended and cannot change or end again. */
  | 'CAMPAIGN_ENDED'
  /** No bargain campaign has this id. */
  | 'CAMPAIGN_NOT_FOUND'
  /** The campaign is not running now (outside its window or ended): no new bargains. */
  | 'CAMPAIGN_NOT_RUNNING'
  /** The caller tried to cut their own bargain: only friends can cut it. */
  | 'CANNOT_HELP_YOURSELF'
  /** The bargain has not been cut to its floor price yet, so it cannot be bought. */
  | 'FLOOR_NOT_REACHED'
  /** The bargain is already at its floor price: no further cuts. */
  | 'FLOOR_REACHED'
  /** newHelperBoostPercent is out of the allowed range. */
  | 'INVALID_BOOST'
  /** helpersNeeded is out of range, or start − floor leaves less than 0.01 for each helper's cut. */
  | 'INVALID_HELPERS'
  /** The campaign stock or the bargains-per-customer limit is out of range. */
  | 'INVALID_LIMIT'
  /** The campaign name is not 1 to 60 characters. */
  | 'INVALID_NAME'
  /** The floor price is below 0.01, or the start price is not above the floor price. */
  | 'INVALID_PRICE'
  /** A bargain buys exactly one unit of its SKU. */
  | 'INVALID_QUANTITY'
  /** timeLimitSeconds is out of the allowed range. */
  | 'INVALID_TIME_LIMIT'
  /** The campaign would end before it starts. */
  | 'INVALID_WINDOW'
  /** The customer has already started as many bargains of this campaign as it allows. */
  | 'LIMIT_REACHED'
  /** The campaign is sold out: no bargain can be started or bought. */
  | 'OUT_OF_STOCK'
  /** No SKU has the id given for the campaign. */
  | 'SKU_NOT_FOUND';

/** Where a bargain is. */
export type BargainStatus =
  /** Friends can cut it until expiresAt; it can be bought (at the floor, or at any price if the campaign allows). */
  | 'ACTIVE'
  /** The time ran out before it was bought. */
  | 'EXPIRED'
  /** Ordered at the price reached; waiting for payment (a cancelled order makes it ACTIVE again while time lasts). */
  | 'ORDERED'
  /** Bought and paid. */
  | 'PURCHASED';

/** How a customer gets bound to an inviter. */
export type BindingMode =
  /** The first valid binding is permanent (the default). */
  | 'FIRST_VALID'
  /** The latest invite link the customer arrives through moves the binding. */
  | 'LAST_LINK'
  /** Only at registration, with an invite code entered when signing up. */
  | 'REGISTRATION_ONLY';

/** How a customer came to be bound to their inviter. */
export type BindingSource =
  /** An invite code typed in after signing up. */
  | 'INVITE_CODE'
  /** An invite link the customer arrived through. */
  | 'INVITE_LINK'
  /** An invite code given when signing up. */
  | 'REGISTRATION'
  /** A member's share link (of a shop or product) the customer arrived through. */
  | 'SHARE_LINK';

/** Buy your bargain at the price it reached, through the normal order flow. */
export type BuyBargainInput = {
  /** Your bargain. */
  bargainId: Scalars['ID']['input'];
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key and input return the first order. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Where to ship. */
  shippingAddress: ShippingAddressInput;
};

/** What is wrong with a cart line. */
export type CartWarningCode =
  /** Fewer left than the line asks for. */
  | 'INSUFFICIENT_STOCK'
  /** The product is off sale or not on sale yet (a preview). */
  | 'NOT_BUYABLE'
  /** The SKU is sold out. */
  | 'OUT_OF_STOCK';

/** Why a catalog mutation was refused. */
export type CatalogErrorCode =
  /** A category would move under itself or one of its descendants. */
  | 'CATEGORY_CYCLE'
  /** The category still has subcategories or products; the message says how many. */
  | 'CATEGORY_NOT_EMPTY'
  /** No category has this id. */
  | 'CATEGORY_NOT_FOUND'
  /** This idempotency key was already used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** A SKU has fewer units in stock than asked for; the message names the SKU and what is left. */
  | 'INSUFFICIENT_STOCK'
  /** The description is longer than 20,000 characters. */
  | 'INVALID_DESCRIPTION'
  /** The idempotency key is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** Too many images, an image URL is not https://, or alt text is longer than 200 characters. */
  | 'INVALID_IMAGE'
  /** A name is not 1 to 120 characters. */
  | 'INVALID_NAME'
  /** A price is not above 0.00, or a member price is higher than the retail price. */
  | 'INVALID_PRICE'
  /** The price-control floor is above the ceiling, or the band is too large. */
  | 'INVALID_PRICE_BAND'
  /** A stock adjustment delta is zero, not whole, or out of range. */
  | 'INVALID_QUANTITY'
  /** The reason for a stock adjustment is not 2 to 200 characters. */
  | 'INVALID_REASON'
  /** A SKU code is not 1 to 64 letters, digits, dots, hyphens or underscores. */
  | 'INVALID_SKU_CODE'
  /** A slug is not 1 to 100 lower-case letters, digits and single hyphens. */
  | 'INVALID_SLUG'
  /** A SKU's spec values are too many, too long or repeated, or the product has too many SKUs. */
  | 'INVALID_SPECS'
  /** A stock figure is not a whole number within the allowed range. */
  | 'INVALID_STOCK'
  /** More than 20 tags, or a tag is not 1 to 30 characters. */
  | 'INVALID_TAG'
  /** The SKU is the last one of a published product: unpublish the product first. */
  | 'LAST_SKU'
  /** A product was created or published without any SKU. */
  | 'NO_SKUS'
  /** No product has this id. */
  | 'PRODUCT_NOT_FOUND'
  /** Another SKU already has this code. */
  | 'SKU_CODE_TAKEN'
  /** No SKU has this id. */
  | 'SKU_NOT_FOUND'
  /** Another item already has this slug. */
  | 'SLUG_TAKEN';

/** A new category. */
export type CategoryCreateInput = {
  /** Display name, not blank. At most 120 characters. */
  name: Scalars['String']['input'];
  /** Parent category; omitted for a top-level category. */
  parentId?: InputMaybe<Scalars['ID']['input']>;
  /** Order among siblings. From 0 to 10,000. */
  position?: InputMaybe<Scalars['Int']['input']>;
  /** URL-friendly unique name: lower-case letters, digits and single hyphens. At most 100 characters. */
  slug: Scalars['String']['input'];
};

/** Changes to a category; omitted fields stay as they are. */
export type CategoryUpdateInput = {
  /** New name. At most 120 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New parent (moves the category with its subtree); null makes it top-level; omitted keeps it. */
  parentId?: InputMaybe<Scalars['ID']['input']>;
  /** New position. From 0 to 10,000. */
  position?: InputMaybe<Scalars['Int']['input']>;
  /** New slug. At most 100 characters. */
  slug?: InputMaybe<Scalars['String']['input']>;
};

/** A change of an item's live stock quota. */
export type ChangeLiveItemQuotaInput = {
  /** Units to carve from the SKU's stock (positive) or give back to it (negative); not 0. From -1,000,000 to 1,000,000. */
  change: Scalars['Int']['input'];
  /** Sending the same key again replays the first answer instead of moving stock twice (8 to 128 letters, digits or ._:-). At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The item (a LiveItem id). */
  itemId: Scalars['ID']['input'];
};

/** What to order: a cart, or lines directly ("buy now"). Give exactly one. */
export type CheckoutInput = {
  /** Ship to one of your saved addresses (a `SavedAddress.id`, see `me.addresses`) instead of giving shippingAddress; the order keeps a copy, so later changes to the saved address do not move it. ADDRESS_NOT_FOUND when it is not yours. */
  addressId?: InputMaybe<Scalars['ID']['input']>;
  /** Check out this cart's buyable lines (lines with warnings stay); bought lines leave the cart. Give either cartId or lines. */
  cartId?: InputMaybe<Scalars['ID']['input']>;
  /** Use this coupon of yours (COUPON_NOT_AVAILABLE when it is not available, COUPON_UNUSABLE with the reason when it does not apply). Neither couponId nor noCoupon: the usable coupon that takes the most off is applied. */
  couponId?: InputMaybe<Scalars['ID']['input']>;
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first order instead of placing another; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Buy these lines now, without a cart. At most 50 items. */
  lines?: InputMaybe<Array<LineInput>>;
  /** true: use no coupon, not even the best one automatically. */
  noCoupon?: InputMaybe<Scalars['Boolean']['input']>;
  /** Where on the site the buy button the buyer used sits, as the site labels it (e.g. "sidebar", "post-42.footer"): 1 to 40 letters, digits, '_', '.' or '-', INVALID_PLACEMENT otherwise, with nothing written. Recorded with the order together with the site (the storefront app whose key the request carries) and reported per site and placement (salesByPlacement, mySalesByPlacement). Lines that no share link covers — neither shareToken nor a touch within the attribution window — are attributed to the buy button itself (OrderLine.source kind BUY_BUTTON); with a valid shareToken the sharer, article or card wins its lines as usual and the placement is recorded alongside. Any storefront may send it. At most 40 characters. */
  placement?: InputMaybe<Scalars['String']['input']>;
  /** The share-link token the buyer arrived with, if any (a shop or product link, or a content card's ProductCardBlock.linkToken): it counts as arriving through the link now and wins first the lines it covers — a content card the lines of the products it features, a shop or product link every line; other lines go to the buyer's last valid touch within the attribution window that covers them, then the bound inviter (OrderLine.source says which and why). Through a member's shop — a shop link's, or the sharer's shop carrying the product of a product link or content card — the shop's prices apply. An unknown or lapsed token never fails the checkout; it attributes nothing. At most 64 characters. */
  shareToken?: InputMaybe<Scalars['String']['input']>;
  /** Where to ship. Give either shippingAddress or addressId (ADDRESS_REQUIRED otherwise). */
  shippingAddress?: InputMaybe<ShippingAddressInput>;
};

/** Claim a coupon. */
export type ClaimCouponInput = {
  /** Idempotency key (at least 8 of letters, digits, ._:-): a retry with the same key returns the first answer instead of claiming again. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The coupon template (distribution CLAIMABLE). */
  templateId: Scalars['ID']['input'];
};

/** Which friend's pack to claim from. */
export type ClaimSharePackInput = {
  /** The pack's token. At most 100 characters. */
  token: Scalars['String']['input'];
};

/** A product's or SKU's own commission. Give levelRates for PERCENT, levelAmounts for FIXED (levels 1, 2, 3; missing levels are 0). */
export type CommissionOverrideInput = {
  /** Percentage or fixed amount per unit. */
  kind: CommissionOverrideKind;
  /** FIXED: amounts per unit of levels 1–3. At most 3 items. */
  levelAmounts?: InputMaybe<Array<Scalars['Decimal']['input']>>;
  /** PERCENT: rates of levels 1–3 in basis points (together at most 10000). At most 3 items. Each from 0 to 10,000. */
  levelRates?: InputMaybe<Array<Scalars['Int']['input']>>;
  /** The product. */
  productId: Scalars['ID']['input'];
  /** One SKU of the product; omit for every SKU. */
  skuId?: InputMaybe<Scalars['ID']['input']>;
};

/** How a product's or SKU's own commission is given. */
export type CommissionOverrideKind =
  /** A fixed amount per unit sold. */
  | 'FIXED'
  /** A percentage (in basis points) of what was paid for the line. */
  | 'PERCENT';

/** Changes to the commission rules; omitted fields stay. Writes a new version, effective now. */
export type CommissionSettingsInput = {
  /** Frozen days after completion. From 0 to 90. */
  frozenDays?: InputMaybe<Scalars['Int']['input']>;
  /** Level-1 rate in basis points (the levels together at most 10000). From 0 to 10,000. */
  level1Rate?: InputMaybe<Scalars['Int']['input']>;
  /** Level-2 rate in basis points. From 0 to 10,000. */
  level2Rate?: InputMaybe<Scalars['Int']['input']>;
  /** Level-3 rate in basis points. From 0 to 10,000. */
  level3Rate?: InputMaybe<Scalars['Int']['input']>;
  /** Levels that earn. From 1 to 3. */
  levels?: InputMaybe<Scalars['Int']['input']>;
  /** Membership bonus to the inviter. */
  membershipBonusLevel1?: InputMaybe<Scalars['Decimal']['input']>;
  /** Membership bonus to the inviter's inviter. */
  membershipBonusLevel2?: InputMaybe<Scalars['Decimal']['input']>;
  /** Self-purchase commission on or off. */
  selfPurchase?: InputMaybe<Scalars['Boolean']['input']>;
  /** Withdrawal fee in basis points. From 0 to 5,000. */
  withdrawalFeeRate?: InputMaybe<Scalars['Int']['input']>;
  /** The smallest withdrawal (at least 0.01). */
  withdrawalMinimum?: InputMaybe<Scalars['Decimal']['input']>;
};

/** Why a content mutation was refused. */
export type ContentErrorCode =
  /** No account has this id. */
  | 'ACCOUNT_NOT_FOUND'
  /** No article has this id or slug — for authors: none of their own; for recording views and clicks: none published. */
  | 'ARTICLE_NOT_FOUND'
  /** A text holds something that looks like an HTML tag (<…>): text is plain, with the inline markup only. */
  | 'HTML_NOT_ALLOWED'
  /** A block gives none or more than one of its kinds, or a required part of it is empty. */
  | 'INVALID_BLOCK'
  /** A link in the inline markup, [text](url), is not an absolute http:// or https:// URL. */
  | 'INVALID_LINK'
  /** The reason is empty after trimming. */
  | 'INVALID_REASON'
  /** The slug is not lower-case letters, digits and single hyphens inside, e.g. "spring-tea-picks". */
  | 'INVALID_SLUG'
  /** A tag is empty, or given twice (tags are compared lower-cased). */
  | 'INVALID_TAG'
  /** The title is empty after trimming. */
  | 'INVALID_TITLE'
  /** The article's state does not allow this (e.g. publishing a hidden article); the message names its state. */
  | 'INVALID_TRANSITION'
  /** An image or cover URL is not an absolute http:// or https:// URL. */
  | 'INVALID_URL'
  /** The visitor id is empty or holds characters other than letters, digits, "-", "_", "." and ":". */
  | 'INVALID_VISITOR_ID'
  /** The caller (or the account named) is not a content author: an operator makes authors with grantAuthor. */
  | 'NOT_AN_AUTHOR'
  /** The block is not a product card or product grid of this article. */
  | 'NOT_A_PRODUCT_BLOCK'
  /** A card or grid names a product that does not exist or is not published. */
  | 'PRODUCT_NOT_FOUND'
  /** A card or grid names a product that is off sale: it cannot be featured. */
  | 'PRODUCT_OFF_SALE'
  /** A card's SKU is not a SKU of the card's product. */
  | 'SKU_NOT_FOUND'
  /** Another article already has this slug. */
  | 'SLUG_TAKEN'
  /** The article features more products (cards and grid items together) than an article may. */
  | 'TOO_MANY_PRODUCTS'
  /** A block id given to keep is not a block of this article, or is given twice. */
  | 'UNKNOWN_BLOCK';

/** Who may get a template's coupons, and how. */
export type CouponDistribution =
  /** Any customer claims one with claimCoupon (within the claim window and limits). */
  | 'CLAIMABLE'
  /** Only operators grant it to listed customers (grantCoupons). */
  | 'GRANT_ONLY'
  /** Issued to the inviter when someone registers with their invite code. */
  | 'INVITE_REWARD'
  /** Issued when a membership opens. */
  | 'MEMBERSHIP_GIFT'
  /** Issued to a new customer on registration. */
  | 'NEW_CUSTOMER'
  /** Handed out through share packs. */
  | 'SHARE_PACK'
  /** A daily sign-in streak reward. */
  | 'SIGN_IN_REWARD';

/** Why a coupon template, claim or grant was refused. */
export type CouponErrorCode =
  /** A grant names no accounts, too many, or an id that is no customer. */
  | 'ACCOUNT_NOT_FOUND'
  /** The caller has already claimed a coupon of this share-pack campaign. */
  | 'ALREADY_CLAIMED'
  /** The customer has already signed in today. */
  | 'ALREADY_SIGNED_IN'
  /** The share-pack campaign has ended. */
  | 'CAMPAIGN_ENDED'
  /** No share-pack campaign has this id. */
  | 'CAMPAIGN_NOT_FOUND'
  /** Claiming this coupon has closed. */
  | 'CLAIM_ENDED'
  /** Claiming this coupon has not opened yet; the message says when it does. */
  | 'CLAIM_NOT_STARTED'
  /** This idempotency key was already used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The discount fields do not fit the coupon type (amount off, percent off, threshold or cap). */
  | 'INVALID_AMOUNT'
  /** claimEndsAt is not after claimStartsAt. */
  | 'INVALID_CLAIM_WINDOW'
  /** The idempotency key is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** A name is not 1 to 60 characters, or a description is longer than 500. */
  | 'INVALID_NAME'
  /** friendsNeeded is not from 1 to 100, or packSize is not from friendsNeeded to 100. */
  | 'INVALID_PACK'
  /** totalQuantity or perCustomerLimit is out of range, or below what was already issued. */
  | 'INVALID_QUANTITY'
  /** The scope's product or category ids are missing, too many, unknown, or given with scope ALL. */
  | 'INVALID_SCOPE'
  /** A sign-in reward's streakDay is not from 1 to 365. */
  | 'INVALID_STREAK_DAY'
  /** The validity fields do not fit the validity type, or validUntil has already passed. */
  | 'INVALID_VALIDITY'
  /** The customer already holds as many of this coupon as one customer may get. */
  | 'LIMIT_REACHED'
  /** The coupon cannot be claimed: it is given out another way (granted, sign-in reward, share pack…). */
  | 'NOT_CLAIMABLE'
  /** The caller tried to claim from their own share pack. */
  | 'OWN_PACK'
  /** The share pack has been claimed empty. */
  | 'PACK_EMPTY'
  /** No share pack has this token. */
  | 'PACK_NOT_FOUND'
  /** Not enough of this coupon is left to claim or issue. */
  | 'SOLD_OUT'
  /** The coupon template has ended: it can no longer be claimed, granted or ended again. */
  | 'TEMPLATE_ENDED'
  /** No coupon template has this id. */
  | 'TEMPLATE_NOT_FOUND'
  /** The template is not of the distribution this use needs (SHARE_PACK or SIGN_IN_REWARD). */
  | 'WRONG_DISTRIBUTION';

/** Filters of coupons. */
export type CouponFilterInput = {
  /** Only this customer's coupons (operators). */
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  /** Only these statuses. At most 5 items. */
  statuses?: InputMaybe<Array<CouponStatus>>;
  /** Only coupons of this template. */
  templateId?: InputMaybe<Scalars['ID']['input']>;
};

/** How a coupon takes money off. */
export type CouponKind =
  /** A fixed amount off when the eligible goods reach the threshold (满X减Y; threshold 0 = no threshold). */
  | 'AMOUNT_OFF'
  /** A percentage off the eligible goods (basis points), capped at maxDiscount when set. */
  | 'PERCENT_OFF';

/** Which goods a coupon applies to. */
export type CouponScope =
  /** Everything. */
  | 'ALL'
  /** The listed categories and every category below them. */
  | 'CATEGORIES'
  /** The listed products. */
  | 'PRODUCTS';

/** Where an issued coupon is. */
export type CouponStatus =
  /** Can be used (inside its validity). */
  | 'AVAILABLE'
  /** Its validity has passed unused. */
  | 'EXPIRED'
  /** Held by an unpaid order; back to AVAILABLE if the order is cancelled. */
  | 'LOCKED'
  /** Taken back: a full-reduction gift whose order, or a membership gift whose membership's order, was cancelled or refunded in full (also when it was locked or used by an order then cancelled). */
  | 'REVOKED'
  /** Spent by a paid order; back to AVAILABLE if the order is refunded in full. */
  | 'USED';

/** A new coupon template. */
export type CouponTemplateCreateInput = {
  /** AMOUNT_OFF: the amount off (at most the threshold when there is one). */
  amountOff?: InputMaybe<Scalars['Decimal']['input']>;
  /** Scope CATEGORIES: the categories, at least one (their descendants count too). At most 100 items. */
  categoryIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Claiming closes; omitted: never. */
  claimEndsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Claiming opens; omitted: at once. */
  claimStartsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Longer text for buyers. At most 500 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Who may get it, and how. */
  distribution: CouponDistribution;
  /** How it takes money off. */
  kind: CouponKind;
  /** PERCENT_OFF: the most it takes off; omitted: no cap. */
  maxDiscount?: InputMaybe<Scalars['Decimal']['input']>;
  /** Name shown to buyers, not blank. At most 60 characters. */
  name: Scalars['String']['input'];
  /** How many one customer may claim; omitted: 1. From 1 to 100. */
  perCustomerLimit?: InputMaybe<Scalars['Int']['input']>;
  /** PERCENT_OFF: basis points off (1500 = 15% off). From 1 to 9,999. */
  percentOffBasisPoints?: InputMaybe<Scalars['Int']['input']>;
  /** Scope PRODUCTS: the products, at least one. At most 100 items. */
  productIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Which goods it applies to; omitted: ALL. */
  scope?: InputMaybe<CouponScope>;
  /** The eligible goods must cost at least this; omitted or 0: no threshold. */
  threshold?: InputMaybe<Scalars['Decimal']['input']>;
  /** How many may be issued in all; omitted: unlimited. From 1 to 10,000,000. */
  totalQuantity?: InputMaybe<Scalars['Int']['input']>;
  /** DAYS_AFTER_CLAIM: days valid from issue. From 1 to 3,650. */
  validDays?: InputMaybe<Scalars['Int']['input']>;
  /** FIXED: start of validity. */
  validFrom?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** FIXED: end of validity (after validFrom). */
  validUntil?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** How an issued coupon's validity is set. */
  validity: CouponValidityKind;
};

/** Filters of coupon templates. */
export type CouponTemplateFilterInput = {
  /** Only these distributions. At most 7 items. */
  distributions?: InputMaybe<Array<CouponDistribution>>;
  /** true: running only; false: ended only. */
  isActive?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Changes to a coupon template; omitted fields stay. Its rule and validity do not change once coupons exist. */
export type CouponTemplateUpdateInput = {
  /** New claim closing; null: never. */
  claimEndsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** New claim opening; null: at once. */
  claimStartsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** New description. At most 500 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** New name, not blank. At most 60 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New per-customer limit. From 1 to 100. */
  perCustomerLimit?: InputMaybe<Scalars['Int']['input']>;
  /** New total (not below what is issued); null: unlimited. From 1 to 10,000,000. */
  totalQuantity?: InputMaybe<Scalars['Int']['input']>;
};

/** Why a coupon cannot be used on an order. */
export type CouponUnusableReason =
  /** The goods it is valid for do not reach its threshold. */
  | 'BELOW_THRESHOLD'
  /** Its validity has passed. */
  | 'EXPIRED'
  /** It is not valid for any of these products. */
  | 'NOT_IN_SCOPE'
  /** Its validity has not started. */
  | 'NOT_STARTED';

/** When an issued coupon may be used. */
export type CouponValidityKind =
  /** validDays days from the moment it is issued. */
  | 'DAYS_AFTER_CLAIM'
  /** From validFrom until validUntil of the template. */
  | 'FIXED';

/** A new live session. */
export type CreateLiveSessionInput = {
  /** Its cover image: an absolute http(s) URL. At most 2,000 characters. */
  coverUrl?: InputMaybe<Scalars['String']['input']>;
  /** The host (an Account id): a member or a content author. Operators must name one; others host their own sessions (leave it out). */
  hostId?: InputMaybe<Scalars['ID']['input']>;
  /** When it is scheduled to start: from a day ago to a year ahead. */
  scheduledStartAt: Scalars['DateTimeISO']['input'];
  /** The storefront apps it shows on (StorefrontApp ids). Operators choose any; a host may only name the app they call through, which is the default. At most 20 items. */
  storefrontAppIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The provider's stream URL, if already known: an absolute http(s) URL. At most 2,000 characters. */
  streamUrl?: InputMaybe<Scalars['String']['input']>;
  /** Its title. At most 100 characters. */
  title: Scalars['String']['input'];
};

/** ISO 4217 currency code. The platform sells in Chinese yuan. */
export type CurrencyCode =
  /** Chinese yuan (renminbi); minor unit fen. */
  | 'CNY';

/** A new limited-time discount: give percentOffBasisPoints or amountOff. */
export type DiscountCreateInput = {
  /** Amount off each unit's retail price, below it. */
  amountOff?: InputMaybe<Scalars['Decimal']['input']>;
  /** Until (in the future). */
  endsAt: Scalars['DateTimeISO']['input'];
  /** Name, not blank. At most 60 characters. */
  name: Scalars['String']['input'];
  /** Basis points off the retail price. From 1 to 9,999. */
  percentOffBasisPoints?: InputMaybe<Scalars['Int']['input']>;
  /** The SKU (one discount not ended per SKU). */
  skuId: Scalars['ID']['input'];
  /** From. */
  startsAt: Scalars['DateTimeISO']['input'];
};

/** A draw. */
export type DrawWheelInput = {
  /** The campaign (a WheelCampaign id). */
  campaignId: Scalars['ID']['input'];
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

/** Earning a chance. */
export type EarnWheelChanceInput = {
  /** The campaign (a WheelCampaign id). */
  campaignId: Scalars['ID']['input'];
  /** How the chance was earned. */
  source: WheelChanceSource;
};

/** Which entries. */
export type EarningEntryFilterInput = {
  /** Written at or after this. */
  from?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Only these kinds (how the entry moved money: ACCRUAL into pending, SETTLEMENT into available…). At most 7 items. */
  kinds?: InputMaybe<Array<EarningEntryKind>>;
  /** Only these sources. At most 7 items. */
  sources?: InputMaybe<Array<EarningSource>>;
  /** Only earnings (ACCRUAL entries) in these states: still pending, settled, or reversed in full. At most 3 items. */
  states?: InputMaybe<Array<EarningState>>;
  /** Written before this. */
  to?: InputMaybe<Scalars['DateTimeISO']['input']>;
};

/** How an entry moves money between your buckets (pending, available, withdrawing, withdrawn, debt). */
export type EarningEntryKind =
  /** Earned on a paid order: into pending (frozen until the order completes and the frozen days pass). */
  | 'ACCRUAL'
  /** An operator's correction on available (a debit beyond it becomes debt; a credit pays debt first). */
  | 'ADJUSTMENT'
  /** Taken back after a refund or cancellation: from pending, or once settled from available, with any shortfall becoming debt. */
  | 'REVERSAL'
  /** Pending → available, paying any debt first. */
  | 'SETTLEMENT'
  /** Available → withdrawing, when you request a withdrawal. */
  | 'WITHDRAWAL_HOLD'
  /** Withdrawing → withdrawn, when the withdrawal is paid out. */
  | 'WITHDRAWAL_PAID'
  /** Withdrawing → available (paying any debt first), when a withdrawal is rejected or fails. */
  | 'WITHDRAWAL_RELEASE';

/** What an entry of the earnings ledger is for. */
export type EarningSource =
  /** An operator's correction, with a reason. */
  | 'ADJUSTMENT'
  /** Level-1 commission: you shared the sale (or, with no share, you invited the buyer). */
  | 'COMMISSION_L1'
  /** Level-2 commission: you invited the level-1 member. */
  | 'COMMISSION_L2'
  /** Level-3 commission: you invited the level-2 member (only when the rules have 3 levels). */
  | 'COMMISSION_L3'
  /** Your shop price above the base (retail) price, times the quantity: your own, separate from commission. */
  | 'MARGIN'
  /** A fixed bonus: someone you invited (or your invitee invited) bought a membership package. */
  | 'MEMBERSHIP_BONUS'
  /** A withdrawal of yours: held, released or paid. */
  | 'WITHDRAWAL';

/** Where an earning (an ACCRUAL entry) stands. */
export type EarningState =
  /** Frozen: its order has not completed plus the frozen days yet. */
  | 'PENDING'
  /** Taken back in full by refunds or a cancellation. */
  | 'REVERSED'
  /** Moved to available (what was not reversed of it). */
  | 'SETTLED';

/** Why an earnings, commission-settings or withdrawal mutation was refused. */
export type EarningsErrorCode =
  /** No account has this id. */
  | 'ACCOUNT_NOT_FOUND'
  /** The withdrawal amount is below the minimum withdrawal. */
  | 'BELOW_MINIMUM'
  /** The earnings carry a debt from refunds: withdrawals wait until later earnings have paid it. */
  | 'DEBT_OUTSTANDING'
  /** This idempotency key was already used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The withdrawal's status does not allow this step now; the message says which status it needs. */
  | 'ILLEGAL_TRANSITION'
  /** The withdrawal amount is more than the available earnings. */
  | 'INSUFFICIENT_AVAILABLE'
  /** The amount is not more than 0. */
  | 'INVALID_AMOUNT'
  /** The idempotency key is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** A commission override is negative or not whole, or its levels together exceed 100% or the price. */
  | 'INVALID_OVERRIDE'
  /** The reason is missing or too long. */
  | 'INVALID_REASON'
  /** A commission or withdrawal setting is out of range; the message names it. */
  | 'INVALID_SETTINGS'
  /** The product or SKU has no commission override to remove. */
  | 'OVERRIDE_NOT_FOUND'
  /** No product has this id. */
  | 'PRODUCT_NOT_FOUND'
  /** No SKU of this product has this id. */
  | 'SKU_NOT_FOUND'
  /** No withdrawal has this id. */
  | 'WITHDRAWAL_NOT_FOUND';

/** An entry. */
export type EnterLotteryInput = {
  /** The lottery (a LotteryCampaign id). */
  campaignId: Scalars['ID']['input'];
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Who invited you (an Account id of a customer who has entered): on your first entry they earn an extra entry, within the cap. */
  inviterId?: InputMaybe<Scalars['ID']['input']>;
};

/** A new flash sale. */
export type FlashSaleCreateInput = {
  /** When it stops running. */
  endsAt: Scalars['DateTimeISO']['input'];
  /** The flash price, below the SKU's retail price. */
  flashPrice: Scalars['Decimal']['input'];
  /** Units for sale at the flash price (also taken from the SKU's stock when sold). From 1 to 1,000,000. */
  flashStock: Scalars['Int']['input'];
  /** Units one customer may buy; omitted: 1. From 1 to 999. */
  perCustomerLimit?: InputMaybe<Scalars['Int']['input']>;
  /** The SKU (at most one running flash sale each). */
  skuId: Scalars['ID']['input'];
  /** The daily slot. */
  slotId: Scalars['ID']['input'];
  /** First moment of the days it runs. */
  startsAt: Scalars['DateTimeISO']['input'];
};

/** Filters of flash sales. */
export type FlashSaleFilterInput = {
  /** true: only those buyable right now. */
  isLive?: InputMaybe<Scalars['Boolean']['input']>;
  /** true: not ended and not past endsAt; false: over. */
  isRunning?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only this slot's. */
  slotId?: InputMaybe<Scalars['ID']['input']>;
};

/** Changes to a running flash sale. */
export type FlashSaleUpdateInput = {
  /** Units to add to the flash stock (negative removes; never below zero). From -1,000,000 to 1,000,000. */
  addFlashStock?: InputMaybe<Scalars['Int']['input']>;
  /** New per-customer limit. From 1 to 999. */
  perCustomerLimit?: InputMaybe<Scalars['Int']['input']>;
};

/** A new daily flash-sale slot. */
export type FlashSlotInput = {
  /** End each day, HH:MM, after startTime; 24:00 for midnight. At most 5 characters. */
  endTime: Scalars['String']['input'];
  /** Name, not blank. At most 40 characters. */
  name: Scalars['String']['input'];
  /** Start each day, HH:MM (operator's time zone). At most 5 characters. */
  startTime: Scalars['String']['input'];
};

/** The follow-up review (追评): once per review, within 30 days of it. */
export type FollowUpReviewInput = {
  /** More photos, in display order. Absolute http or https URLs. At most 9 items. Each at most 500 characters. */
  imageUrls?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Your review. */
  reviewId: Scalars['ID']['input'];
  /** What you add; not blank. Trimmed. At most 1,000 characters. */
  text: Scalars['String']['input'];
};

/** What a full-reduction tier's threshold counts, over the lines not at an activity price. */
export type FullReductionBasis =
  /** What the goods cost after discounts (满X元). */
  | 'AMOUNT'
  /** How many items (满N件). */
  | 'COUNT';

/** A new full-reduction campaign. */
export type FullReductionCreateInput = {
  /** What the thresholds count. */
  basis: FullReductionBasis;
  /** Until (in the future). */
  endsAt: Scalars['DateTimeISO']['input'];
  /** Name, not blank. At most 60 characters. */
  name: Scalars['String']['input'];
  /** From. */
  startsAt: Scalars['DateTimeISO']['input'];
  /** The tiers, at least one, each with its own threshold. At most 10 items. */
  tiers: Array<FullReductionTierInput>;
};

/** A tier: its threshold (by the campaign's basis) and what it gives — an amount off, free shipping and/or a gift coupon. */
export type FullReductionTierInput = {
  /** Amount off (at most an AMOUNT threshold). */
  amountOff?: InputMaybe<Scalars['Decimal']['input']>;
  /** Free shipping. */
  freeShipping?: InputMaybe<Scalars['Boolean']['input']>;
  /** A coupon template to give one coupon of when the order is paid. */
  giftTemplateId?: InputMaybe<Scalars['ID']['input']>;
  /** AMOUNT basis: the threshold. */
  thresholdAmount?: InputMaybe<Scalars['Decimal']['input']>;
  /** COUNT basis: the threshold. From 1 to 10,000. */
  thresholdCount?: InputMaybe<Scalars['Int']['input']>;
};

/** Grant coupons to customers. */
export type GrantCouponsInput = {
  /** The customers, at least one; one coupon each (an account listed twice gets two). At most 100 items. */
  accountIds: Array<Scalars['ID']['input']>;
  /** Idempotency key (at least 8 of letters, digits, ._:-): a retry with the same key returns the first answer instead of granting again. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The coupon template (any distribution; not ended). Grants count toward its total quantity but are not refused by the per-customer limit. */
  templateId: Scalars['ID']['input'];
};

/** A membership to grant. */
export type GrantMembershipInput = {
  /** The customer's account; it must have no open membership. */
  accountId: Scalars['ID']['input'];
  /** Days the membership lasts; omitted: the plan's duration, or never lapsing without a plan. From 1 to 3,650. */
  durationDays?: InputMaybe<Scalars['Int']['input']>;
  /** The plan of the membership (active); omitted: none. */
  planId?: InputMaybe<Scalars['ID']['input']>;
};

/** A new group-buy campaign. */
export type GroupBuyCampaignCreateInput = {
  /** Auto-fill at the deadline when at least this percent of the seats is paid; omitted: never. From 1 to 99. */
  autoFillPercent?: InputMaybe<Scalars['Int']['input']>;
  /** No new sessions from then; after startsAt. */
  endsAt: Scalars['DateTimeISO']['input'];
  /** Taken off the group price for the leader (default 0). */
  leaderDiscount?: InputMaybe<Scalars['Decimal']['input']>;
  /** Units one member may buy (default 1). From 1 to 999. */
  maxQuantity?: InputMaybe<Scalars['Int']['input']>;
  /** Name shown to shoppers, not blank. At most 60 characters. */
  name: Scalars['String']['input'];
  /** Only customers without a paid order before may take part (default false). */
  newCustomersOnly?: InputMaybe<Scalars['Boolean']['input']>;
  /** Sessions one customer may be in (default 1). From 1 to 1,000. */
  perCustomerLimit?: InputMaybe<Scalars['Int']['input']>;
  /** The product. */
  productId: Scalars['ID']['input'];
  /** Time a session has to fill, in seconds (a minute to 30 days). From 60 to 2,592,000. */
  sessionSeconds: Scalars['Int']['input'];
  /** Members a session needs. From 2 to 20. */
  size: Scalars['Int']['input'];
  /** The SKUs of the product in the campaign, with their group prices; at least one. At most 50 items. */
  skus: Array<GroupBuyCampaignSkuInput>;
  /** Sessions can be opened from then. */
  startsAt: Scalars['DateTimeISO']['input'];
};

/** A SKU of the campaign's product and its group price. */
export type GroupBuyCampaignSkuInput = {
  /** The group price (more than the leader discount). */
  groupPrice: Scalars['Decimal']['input'];
  /** The SKU. */
  skuId: Scalars['ID']['input'];
};

/** Whether a campaign takes new sessions (within its window) or was ended by an operator. */
export type GroupBuyCampaignStatus =
  /** Takes new sessions between startsAt and endsAt. */
  | 'ACTIVE'
  /** Ended: no new sessions; open ones run to their deadline. */
  | 'ENDED';

/** Changes to a campaign; omitted fields stay. Size and session time cannot change. */
export type GroupBuyCampaignUpdateInput = {
  /** Auto-fill percent. From 1 to 99. */
  autoFillPercent?: InputMaybe<Scalars['Int']['input']>;
  /** true: stop auto-filling (autoFillPercent becomes null). */
  clearAutoFill?: InputMaybe<Scalars['Boolean']['input']>;
  /** New end. */
  endsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Leader discount. */
  leaderDiscount?: InputMaybe<Scalars['Decimal']['input']>;
  /** Units one member may buy. From 1 to 999. */
  maxQuantity?: InputMaybe<Scalars['Int']['input']>;
  /** Name, not blank. At most 60 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New customers only. */
  newCustomersOnly?: InputMaybe<Scalars['Boolean']['input']>;
  /** Sessions one customer may be in. From 1 to 1,000. */
  perCustomerLimit?: InputMaybe<Scalars['Int']['input']>;
  /** Replaces the SKUs and their group prices; at least one. At most 50 items. */
  skus?: InputMaybe<Array<GroupBuyCampaignSkuInput>>;
  /** New start. */
  startsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
};

/** Why opening or joining a group-buy session was refused: a checkout refusal (stock, address…) or a group-buy one. */
export type GroupBuyCheckoutErrorCode =
  /** The caller has no saved address with this addressId (removed, or another account's). */
  | 'ADDRESS_NOT_FOUND'
  /** Both shippingAddress and addressId were given, or neither: give exactly one. */
  | 'ADDRESS_REQUIRED'
  /** The caller is already in an open session of this campaign. */
  | 'ALREADY_IN_OPEN_SESSION'
  /** The caller is already in this session. */
  | 'ALREADY_IN_SESSION'
  /** No group-buy campaign has this id. */
  | 'CAMPAIGN_NOT_FOUND'
  /** The campaign is not running now: no new sessions can be opened. */
  | 'CAMPAIGN_NOT_RUNNING'
  /** No cart (or cart line) of the caller's has this id, or no storefront app key was sent. */
  | 'CART_NOT_FOUND'
  /** Both cartId and lines were given, or neither: give exactly one. */
  | 'CART_OR_LINES_REQUIRED'
  /** The caller has no available coupon with this id (used, locked by another unpaid order, or not theirs). */
  | 'COUPON_NOT_AVAILABLE'
  /** The coupon cannot be used on this order (the message says why), or both couponId and noCoupon were given. */
  | 'COUPON_UNUSABLE'
  /** No lines were given: there is nothing to order. */
  | 'EMPTY_ORDER'
  /** The order would take the customer past the flash sale's per-customer limit. */
  | 'FLASH_SALE_LIMIT_REACHED'
  /** The flash sale is sold out or has fewer units left than asked for. */
  | 'FLASH_SALE_SOLD_OUT'
  /** The order is on hold until its group-buy session succeeds, so it cannot ship yet. */
  | 'FULFILMENT_ON_HOLD'
  /** This idempotency key was already used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The order's status does not allow this step now; the message says which status it needs. */
  | 'ILLEGAL_TRANSITION'
  /** A SKU has fewer units in stock than asked for; the message names the SKU and what is left. */
  | 'INSUFFICIENT_STOCK'
  /** A shipping address field (recipient name, phone, region, street) is invalid; the field path names it. */
  | 'INVALID_ADDRESS'
  /** The idempotency key is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** The buy button's placement label is not 1 to 40 letters, digits, '_', '.' or '-'. */
  | 'INVALID_PLACEMENT'
  /** The quantity is out of the order's range or above the campaign's units-per-member maximum. */
  | 'INVALID_QUANTITY'
  /** An order setting is out of range; the message names it. */
  | 'INVALID_SETTINGS'
  /** The carrier is not 2 to 40 characters, or the tracking number is not 4 to 40 letters, digits or hyphens. */
  | 'INVALID_SHIPMENT'
  /** The customer has reached the campaign's sessions-per-customer limit. */
  | 'LIMIT_REACHED'
  /** The group-buy is for new customers only, and the caller has a paid order or another one waiting for payment. */
  | 'NEW_CUSTOMERS_ONLY'
  /** New-customer prices are for the first order only, and another order of the customer already has them. */
  | 'NEW_CUSTOMER_PRICE_USED'
  /** The SKU's product is off sale or not on sale yet (a preview). */
  | 'NOT_BUYABLE'
  /** A group-buy order is one SKU of the campaign, not several lines. */
  | 'ONE_LINE_ONLY'
  /** No order (of the caller's, for customers) has this id. */
  | 'ORDER_NOT_FOUND'
  /** The session is full: every seat is taken. */
  | 'SESSION_FULL'
  /** No group-buy session has this share token. */
  | 'SESSION_NOT_FOUND'
  /** The session is past its deadline or no longer open, so it cannot be joined. */
  | 'SESSION_NOT_JOINABLE'
  /** No SKU has this id. */
  | 'SKU_NOT_FOUND'
  /** The SKU is not part of the group-buy campaign. */
  | 'SKU_NOT_IN_CAMPAIGN'
  /** The order or cart has more lines (different SKUs) than allowed. */
  | 'TOO_MANY_LINES';

/** Why a group-buy campaign mutation was refused. */
export type GroupBuyErrorCode =
  /** The caller is already in an open session of this campaign. */
  | 'ALREADY_IN_OPEN_SESSION'
  /** The caller is already in this session. */
  | 'ALREADY_IN_SESSION'
  /** The campaign has already ended and cannot change or end again. */
  | 'CAMPAIGN_ENDED'
  /** No group-buy campaign has this id. */
  | 'CAMPAIGN_NOT_FOUND'
  /** The campaign is not running now: no new sessions can be opened. */
  | 'CAMPAIGN_NOT_RUNNING'
  /** The auto-fill share (percent) is out of the allowed range. */
  | 'INVALID_AUTO_FILL'
  /** Sessions per customer or units per member is out of the allowed range. */
  | 'INVALID_LIMIT'
  /** The campaign name is not 1 to 60 characters. */
  | 'INVALID_NAME'
  /** A group price is not above 0, or the leader discount is not below every group price. */
  | 'INVALID_PRICE'
  /** The quantity is above the campaign's units-per-member maximum. */
  | 'INVALID_QUANTITY'
  /** The session time (seconds) is out of the allowed range. */
  | 'INVALID_SESSION_TIME'
  /** The group size is out of the allowed range. */
  | 'INVALID_SIZE'
  /** The campaign would end before it starts. */
  | 'INVALID_WINDOW'
  /** The customer has reached the campaign's sessions-per-customer limit. */
  | 'LIMIT_REACHED'
  /** The group-buy is for new customers only, and the caller has a paid order or another one waiting for payment. */
  | 'NEW_CUSTOMERS_ONLY'
  /** A group-buy order is one SKU of the campaign, not several lines. */
  | 'ONE_LINE_ONLY'
  /** No product has this id. */
  | 'PRODUCT_NOT_FOUND'
  /** The session is full: every seat is taken. */
  | 'SESSION_FULL'
  /** No group-buy session has this share token. */
  | 'SESSION_NOT_FOUND'
  /** The session is past its deadline or no longer open, so it cannot be joined. */
  | 'SESSION_NOT_JOINABLE'
  /** The SKU is not part of the group-buy campaign. */
  | 'SKU_NOT_IN_CAMPAIGN'
  /** The campaign SKUs are missing, too many, repeated, or not SKUs of the campaign's product. */
  | 'SKU_NOT_IN_PRODUCT';

/** A customer's seat in a session. */
export type GroupBuyMemberStatus =
  /** The order was cancelled unpaid (or the session closed before payment); the seat went back. */
  | 'CANCELLED'
  /** The payment arrived after the session had closed: the order was cancelled and the payment given back automatically. */
  | 'LATE_PAYMENT_REFUNDED'
  /** Paid: a member of the session. */
  | 'PAID'
  /** The session failed and the money went back through the payment provider. */
  | 'REFUNDED'
  /** The session failed: the refund is on its way. */
  | 'REFUND_DUE'
  /** A seat is held for the unpaid order (it counts once paid). */
  | 'RESERVED';

/** What just happened to a session. */
export type GroupBuySessionEvent =
  /** The deadline passed unfilled; paid members are being refunded. */
  | 'FAILED'
  /** A member paid (the leader opening it, or a friend joining). */
  | 'JOINED'
  /** The session filled (or auto-filled at its deadline). */
  | 'SUCCEEDED';

/** Where a group-buy session is. */
export type GroupBuySessionStatus =
  /** The leader's order was cancelled unpaid. */
  | 'CANCELLED'
  /** Not filled by the deadline: every paid member is refunded. */
  | 'FAILED'
  /** The leader paid: friends join by paying, until it fills or its deadline. */
  | 'OPEN'
  /** The leader has not paid yet: nobody can join. */
  | 'OPENING'
  /** Filled (or auto-filled at the deadline): every paid member's order goes on to shipping. */
  | 'SUCCEEDED';

/** A section heading. */
export type HeadingBlockInput = {
  /** Level: 2 for a section (the default), 3 for a subsection. From 2 to 3. */
  level?: InputMaybe<Scalars['Int']['input']>;
  /** The heading, plain text, not empty. At most 200 characters. */
  text: Scalars['String']['input'];
};

/** Cut a friend's bargain. */
export type HelpBargainInput = {
  /** The bargain's share token (what the friend's link carries). At most 100 characters. */
  shareToken: Scalars['String']['input'];
};

/** A review to hide, and why. */
export type HideReviewInput = {
  /** Why it is hidden (its author sees it); not blank. At most 200 characters. */
  reason: Scalars['String']['input'];
  /** The review. */
  reviewId: Scalars['ID']['input'];
};

/** An image. */
export type ImageBlockInput = {
  /** Text alternative for screen readers, plain text. At most 200 characters. */
  alt?: InputMaybe<Scalars['String']['input']>;
  /** Caption, plain text. At most 300 characters. */
  caption?: InputMaybe<Scalars['String']['input']>;
  /** Absolute http:// or https:// URL of the image. At most 2,000 characters. */
  url: Scalars['String']['input'];
};

/** How the customer gave the invite code. */
export type InviteChannel =
  /** Typed in ("enter my code"). */
  | 'INVITE_CODE'
  /** Carried by an invite link (its linkToken) the customer arrived through. */
  | 'INVITE_LINK';

/** Join a session (参团) through its share token by ordering a SKU of its campaign; your seat counts once you pay. */
export type JoinGroupBuyInput = {
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key and input return the first order. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** How many (default 1; at most the campaign's maxQuantity). From 1 to 999. */
  quantity?: InputMaybe<Scalars['Int']['input']>;
  /** The session's share token. At most 100 characters. */
  shareToken: Scalars['String']['input'];
  /** Where to ship. */
  shippingAddress: ShippingAddressInput;
  /** The SKU (one of the campaign's). */
  skuId: Scalars['ID']['input'];
};

/** Join a friend's red packet. */
export type JoinRedPacketInput = {
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The packet's share token (what the friend's link carries). At most 64 characters. */
  shareToken: Scalars['String']['input'];
};

/** A SKU and how many. */
export type LineInput = {
  /** How many. From 1 to 999. */
  quantity: Scalars['Int']['input'];
  /** The SKU. */
  skuId: Scalars['ID']['input'];
};

/** Why a live cart change or a live checkout was refused: a checkout refusal (address, idempotency key…) or a live one. */
export type LiveCheckoutErrorCode =
  /** The caller has no saved address with this addressId (removed, or another account's). */
  | 'ADDRESS_NOT_FOUND'
  /** Both shippingAddress and addressId were given, or neither: give exactly one. */
  | 'ADDRESS_REQUIRED'
  /** The live cart has no line to check out (or no lines were given). */
  | 'CART_EMPTY'
  /** The live cart has 20 lines: check out or remove one first. */
  | 'CART_FULL'
  /** No cart (or cart line) of the caller's has this id, or no storefront app key was sent. */
  | 'CART_NOT_FOUND'
  /** Both cartId and lines were given, or neither: give exactly one. */
  | 'CART_OR_LINES_REQUIRED'
  /** The caller has no available coupon with this id (used, locked by another unpaid order, or not theirs). */
  | 'COUPON_NOT_AVAILABLE'
  /** The coupon cannot be used on this order (the message says why), or both couponId and noCoupon were given. */
  | 'COUPON_UNUSABLE'
  /** No lines were given: there is nothing to order. */
  | 'EMPTY_ORDER'
  /** The order would take the customer past the flash sale's per-customer limit. */
  | 'FLASH_SALE_LIMIT_REACHED'
  /** The flash sale is sold out or has fewer units left than asked for. */
  | 'FLASH_SALE_SOLD_OUT'
  /** The order is on hold until its group-buy session succeeds, so it cannot ship yet. */
  | 'FULFILMENT_ON_HOLD'
  /** This idempotency key was already used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The order's status does not allow this step now; the message says which status it needs. */
  | 'ILLEGAL_TRANSITION'
  /** A SKU has fewer units in stock than asked for; the message names the SKU and what is left. */
  | 'INSUFFICIENT_STOCK'
  /** A shipping address field (recipient name, phone, region, street) is invalid; the field path names it. */
  | 'INVALID_ADDRESS'
  /** The idempotency key is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** The buy button's placement label is not 1 to 40 letters, digits, '_', '.' or '-'. */
  | 'INVALID_PLACEMENT'
  /** A line quantity is out of range, or one SKU is asked for more than the per-line maximum (in an order, or in a cart with what it already holds). */
  | 'INVALID_QUANTITY'
  /** An order setting is out of range; the message names it. */
  | 'INVALID_SETTINGS'
  /** The carrier is not 2 to 40 characters, or the tracking number is not 4 to 40 letters, digits or hyphens. */
  | 'INVALID_SHIPMENT'
  /** No lineup item has this id in a session the caller may run. */
  | 'ITEM_NOT_FOUND'
  /** No item of this session's lineup has this id. */
  | 'ITEM_NOT_IN_LINEUP'
  /** The item is off sale: it cannot be pinned, carted or bought until put back on sale. */
  | 'ITEM_OFF_SALE'
  /** The item was removed from the lineup: it no longer changes nor can be pinned. */
  | 'ITEM_REMOVED'
  /** The item has less quota left than asked for (nothing was taken), or none to pin it with. */
  | 'ITEM_SOLD_OUT'
  /** The customer would hold more of the item than its per-customer limit (counting their orders not cancelled): the message says how many they may still buy. */
  | 'LIMIT_EXCEEDED'
  /** New-customer prices are for the first order only, and another order of the customer already has them. */
  | 'NEW_CUSTOMER_PRICE_USED'
  /** The SKU's product is off sale or not on sale yet (a preview). */
  | 'NOT_BUYABLE'
  /** No order (of the caller's, for customers) has this id. */
  | 'ORDER_NOT_FOUND'
  /** No live session has this id, or none the caller may run (a host runs only their own sessions). */
  | 'SESSION_NOT_FOUND'
  /** Items are pinned, carted and bought only while the session is LIVE or PAUSED. */
  | 'SESSION_NOT_LIVE'
  /** No SKU has this id. */
  | 'SKU_NOT_FOUND'
  /** The order or cart has more lines (different SKUs) than allowed. */
  | 'TOO_MANY_LINES';

/** A live checkout: lineup items of a session, at their live prices, and where to ship them. */
export type LiveCheckoutInput = {
  /** Ship to one of your saved addresses (a SavedAddress id) instead. */
  addressId?: InputMaybe<Scalars['ID']['input']>;
  /** Sending the same key again replays the first answer instead of placing another order (8 to 128 letters, digits or ._:-). At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Buy these items now; left out: the live cart of the session. At most 20 items. */
  lines?: InputMaybe<Array<LiveLineInput>>;
  /** The session (a LiveSession id), LIVE or PAUSED. */
  sessionId: Scalars['ID']['input'];
  /** Where to ship. Give either shippingAddress or addressId. */
  shippingAddress?: InputMaybe<ShippingAddressInput>;
};

/** Why a live-session mutation was refused. */
export type LiveErrorCode =
  /** A host (not an operator) may show a session only on the storefront app they call through. */
  | 'APP_NOT_ALLOWED'
  /** The live cart has no line to check out (or no lines were given). */
  | 'CART_EMPTY'
  /** The live cart has 20 lines: check out or remove one first. */
  | 'CART_FULL'
  /** The host must be a member (店主) or a content author an operator made; a non-operator may only host their own sessions. */
  | 'HOST_NOT_ALLOWED'
  /** This idempotency key was already used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The item has less quota left than the amount to give back. */
  | 'INSUFFICIENT_QUOTA'
  /** The SKU's stock is less than the quota asked for: nothing was carved. */
  | 'INSUFFICIENT_STOCK'
  /** The storefront apps are empty, repeated, more than 20, or not all apps that exist. */
  | 'INVALID_APPS'
  /** The idempotency key is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** The per-customer limit is not from 1 to 999. */
  | 'INVALID_LIMIT'
  /** The time to pay a live order is not from 1 to 120 minutes. */
  | 'INVALID_PAYMENT_WINDOW'
  /** The position is not from 0 to 10,000. */
  | 'INVALID_POSITION'
  /** The live price is not above 0. */
  | 'INVALID_PRICE'
  /** The quota or its change is not a whole number in range (a change is not 0). */
  | 'INVALID_QUANTITY'
  /** The scheduled start is more than a day in the past or more than a year ahead, or the session has started already. */
  | 'INVALID_SCHEDULE'
  /** The title is not 1 to 100 characters. */
  | 'INVALID_TITLE'
  /** The session is not in a state this move leaves from: the message names its state. */
  | 'INVALID_TRANSITION'
  /** A cover, stream or replay URL is not an absolute http:// or https:// URL of at most 2,000 characters. */
  | 'INVALID_URL'
  /** No lineup item has this id in a session the caller may run. */
  | 'ITEM_NOT_FOUND'
  /** No item of this session's lineup has this id. */
  | 'ITEM_NOT_IN_LINEUP'
  /** The item is off sale: it cannot be pinned, carted or bought until put back on sale. */
  | 'ITEM_OFF_SALE'
  /** The item was removed from the lineup: it no longer changes nor can be pinned. */
  | 'ITEM_REMOVED'
  /** The item has less quota left than asked for (nothing was taken), or none to pin it with. */
  | 'ITEM_SOLD_OUT'
  /** The customer would hold more of the item than its per-customer limit (counting their orders not cancelled): the message says how many they may still buy. */
  | 'LIMIT_EXCEEDED'
  /** The lineup has 200 items (removed ones do not count). */
  | 'LINEUP_FULL'
  /** No item is pinned in the session. */
  | 'NOTHING_PINNED'
  /** The input changes nothing: give at least one field. */
  | 'NOTHING_TO_CHANGE'
  /** The SKU's product is not published. */
  | 'PRODUCT_NOT_ON_SALE'
  /** The session has ended or was cancelled: its lineup and details no longer change (the replay URL still may). */
  | 'SESSION_CLOSED'
  /** No live session has this id, or none the caller may run (a host runs only their own sessions). */
  | 'SESSION_NOT_FOUND'
  /** Items are pinned, carted and bought only while the session is LIVE or PAUSED. */
  | 'SESSION_NOT_LIVE'
  /** The SKU is already in this lineup: change that item instead. */
  | 'SKU_ALREADY_IN_LINEUP'
  /** No SKU has this id. */
  | 'SKU_NOT_FOUND';

/** What happened in a live session; the fields of LiveSessionEvent it fills are named. */
export type LiveEventType =
  /** Its title, cover, stream or replay URL changed: `title`, `coverUrl`, `streamUrl`, `replayUrl`. */
  | 'DETAILS'
  /** An item joined the lineup: `itemId`, `skuId`, `livePrice`, `stockLeft`, `sold`, `position`, `onSale`, `perCustomerLimit`. */
  | 'ITEM_ADDED'
  /** An item's sale state, position or limit changed: the same fields as ITEM_ADDED. */
  | 'ITEM_CHANGED'
  /** An item left the lineup: `itemId`. */
  | 'ITEM_REMOVED'
  /** An item is being presented now (讲解中): `itemId`. */
  | 'PINNED'
  /** An item's live price changed: `itemId`, `livePrice`. */
  | 'PRICE'
  /** An item's sold count changed: `itemId`, `sold`. */
  | 'SOLD'
  /** The session moved: `status`. */
  | 'STATUS'
  /** An item's quota left changed: `itemId`, `stockLeft`. */
  | 'STOCK'
  /** The item is no longer presented: `itemId`. */
  | 'UNPINNED'
  /** The number of viewers watching changed (at most about once a second): `viewers`, `peakViewers`. */
  | 'VIEWERS';

/** Where a lineup item is. */
export type LiveItemStatus =
  /** Kept in the lineup with its quota, but not sold nor pinnable until put back on sale. */
  | 'OFF_SALE'
  /** On sale in the session. */
  | 'ON_SALE'
  /** Taken out of the lineup; its quota went back to stock. Final. */
  | 'REMOVED';

/** A lineup item to buy now. */
export type LiveLineInput = {
  /** The lineup item (a LiveItem id). */
  itemId: Scalars['ID']['input'];
  /** How many (within its per-customer limit). From 1 to 999. */
  quantity: Scalars['Int']['input'];
};

/** Which live sessions to list. */
export type LiveSessionFilter = {
  /** Only this host's sessions (an Account id). */
  hostId?: InputMaybe<Scalars['ID']['input']>;
  /** Only sessions in these states. At most 5 items. */
  statuses?: InputMaybe<Array<LiveSessionStatus>>;
  /** Only sessions shown on this storefront app (a StorefrontApp id). Storefronts always see only the sessions shown on their own app. */
  storefrontAppId?: InputMaybe<Scalars['ID']['input']>;
};

/** Where a live session is: SCHEDULED → LIVE ⇄ PAUSED → ENDED, or SCHEDULED → CANCELLED. */
export type LiveSessionStatus =
  /** Called off before it started: every quota went back to stock. Final. */
  | 'CANCELLED'
  /** Over: every quota left went back to stock. Final. */
  | 'ENDED'
  /** On air. */
  | 'LIVE'
  /** On air, paused by the host (a break); the lineup stays. */
  | 'PAUSED'
  /** Announced: the lineup is being prepared; viewers may wait in the room. */
  | 'SCHEDULED';

/** Credentials to sign in. */
export type LoginInput = {
  /** Email address or phone number. At most 254 characters. */
  login: Scalars['String']['input'];
  /** Password. At most 128 characters. */
  password: Scalars['String']['input'];
};

/** A new lottery (DRAFT; add prize tiers, then open it). */
export type LotteryCampaignCreateInput = {
  /** A consolation coupon for everyone who wins nothing: a CouponTemplate id of a GRANT_ONLY template. */
  consolationTemplateId?: InputMaybe<Scalars['ID']['input']>;
  /** Entries close and the draw happens then; after startsAt. */
  deadline: Scalars['DateTimeISO']['input'];
  /** Draw as soon as this many entries are in; omitted: no cap. From 1 to 10,000,000. */
  entryCap?: InputMaybe<Scalars['Int']['input']>;
  /** Extra entries a customer may earn by inviting, one per friend; default 0. From 0 to 100. */
  inviteEntriesCap?: InputMaybe<Scalars['Int']['input']>;
  /** Name shown to shoppers, not blank. At most 60 characters. */
  name: Scalars['String']['input'];
  /** Entries from then. */
  startsAt: Scalars['DateTimeISO']['input'];
  /** StorefrontApp ids it runs on; omitted or empty: every app. At most 20 items. */
  storefrontAppIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** Where a mass lottery is. */
export type LotteryCampaignStatus =
  /** Ended by an operator before it opened. */
  | 'CANCELLED'
  /** Being set up: prize tiers can be added. The seed commitment is already published. */
  | 'DRAFT'
  /** Winners drawn and coupons issued; the seed is revealed and every entry can be checked. */
  | 'DRAWN'
  /** Takes entries between startsAt and the deadline, until the entry cap. */
  | 'OPEN';

/** Changes to a DRAFT lottery; omitted fields stay. */
export type LotteryCampaignUpdateInput = {
  /** true: no entry cap any more. */
  clearEntryCap?: InputMaybe<Scalars['Boolean']['input']>;
  /** The consolation coupon template (GRANT_ONLY). */
  consolationTemplateId?: InputMaybe<Scalars['ID']['input']>;
  /** New deadline: entries close and the draw happens then; after the start. */
  deadline?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Entry cap. From 1 to 10,000,000. */
  entryCap?: InputMaybe<Scalars['Int']['input']>;
  /** Invite entries cap. From 0 to 100. */
  inviteEntriesCap?: InputMaybe<Scalars['Int']['input']>;
  /** Name. At most 60 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New start of entries. */
  startsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** StorefrontApp ids; empty: every app. At most 20 items. */
  storefrontAppIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** Why a mass-lottery request was refused. */
export type LotteryErrorCode =
  /** The lottery has been drawn or cancelled: it cannot change or end again. */
  | 'CAMPAIGN_ENDED'
  /** Prizes and the rules of entry change only while the lottery is DRAFT. */
  | 'CAMPAIGN_NOT_DRAFT'
  /** No lottery campaign has this id. */
  | 'CAMPAIGN_NOT_FOUND'
  /** The lottery does not take entries now (not opened, before its start, past its deadline, or drawn). */
  | 'CAMPAIGN_NOT_OPEN'
  /** The inviter given is the caller. */
  | 'CANNOT_INVITE_YOURSELF'
  /** The lottery has all the entries it takes; the draw follows. */
  | 'ENTRY_CAP_REACHED'
  /** This idempotency key was already used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The entry cap is out of its range. */
  | 'INVALID_ENTRY_CAP'
  /** The idempotency key is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** The invite entries cap is out of its range. */
  | 'INVALID_INVITE_CAP'
  /** A name is not 1 to 60 characters. */
  | 'INVALID_NAME'
  /** No storefront app has one of the ids given. */
  | 'INVALID_STOREFRONT_APP'
  /** The deadline is not after the start, or has passed when the lottery is opened. */
  | 'INVALID_WINDOW'
  /** A prize tier must have 1 to 10,000 winners. */
  | 'INVALID_WINNERS'
  /** The inviter given has not entered this lottery. */
  | 'INVITER_NOT_ENTERED'
  /** The lottery does not run on the storefront app the request came through. */
  | 'NOT_ON_THIS_APP'
  /** The customer has used every entry they have: invite friends for more. */
  | 'NO_ENTRIES_LEFT'
  /** The lottery has no prize tier: it cannot open. */
  | 'NO_PRIZES'
  /** No coupon template has this id. */
  | 'TEMPLATE_NOT_FOUND'
  /** The lottery already has its 20 prize tiers. */
  | 'TOO_MANY_PRIZES'
  /** Prizes and consolation coupons are coupons of GRANT_ONLY templates. */
  | 'WRONG_DISTRIBUTION';

/** Changes to the member programme's settings; omitted fields stay as they are. */
export type MemberProgramSettingsInput = {
  /** Days a share link's touch attributes an order. From 1 to 90. */
  attributionWindowDays?: InputMaybe<Scalars['Int']['input']>;
  /** How customers get bound to inviters from now on; bindings already made stay. */
  bindingMode?: InputMaybe<BindingMode>;
  /** How customers become members from now on; memberships already open stay. */
  membershipMode?: InputMaybe<MembershipMode>;
};

/** Filters of the membership application list. */
export type MembershipApplicationFilterInput = {
  /** Only this account's applications. */
  accountId?: InputMaybe<Scalars['ID']['input']>;
  /** Only applications in these statuses, e.g. PENDING. At most 3 items. */
  statuses?: InputMaybe<Array<MembershipApplicationStatus>>;
};

/** Where a membership application is. */
export type MembershipApplicationStatus =
  /** Approved: the membership opened. */
  | 'APPROVED'
  /** Waiting for an operator's decision. */
  | 'PENDING'
  /** Rejected, with a reason. */
  | 'REJECTED';

/** Why a membership, membership plan, application or member-programme settings mutation was refused. */
export type MembershipErrorCode =
  /** No account has this id. */
  | 'ACCOUNT_NOT_FOUND'
  /** The account is already a member. */
  | 'ALREADY_MEMBER'
  /** The membership mode does not take applications; the message says how to become a member. */
  | 'APPLICATIONS_CLOSED'
  /** The application was already approved or rejected. */
  | 'APPLICATION_ALREADY_DECIDED'
  /** No membership application has this id. */
  | 'APPLICATION_NOT_FOUND'
  /** The caller already has an application waiting for a decision. */
  | 'APPLICATION_PENDING'
  /** durationDays is out of the allowed range. */
  | 'INVALID_DURATION'
  /** The application message is too long. */
  | 'INVALID_MESSAGE'
  /** The plan's name is empty or too long. */
  | 'INVALID_NAME'
  /** The reason is not 2 to 200 characters. */
  | 'INVALID_REASON'
  /** A member-programme setting is out of range; the message names it. */
  | 'INVALID_SETTINGS'
  /** The account is an operator: operators cannot be members. */
  | 'NOT_A_CUSTOMER'
  /** The account has no open membership. */
  | 'NOT_A_MEMBER'
  /** The product is already the package of another membership plan. */
  | 'PACKAGE_PRODUCT_TAKEN'
  /** The membership plan is inactive: activate it or pick another. */
  | 'PLAN_INACTIVE'
  /** Memberships were opened with this plan, so it cannot be deleted. */
  | 'PLAN_IN_USE'
  /** No membership plan has this id. */
  | 'PLAN_NOT_FOUND'
  /** No product has the id given as the plan's package product. */
  | 'PRODUCT_NOT_FOUND';

/** Filters of the membership list. */
export type MembershipFilterInput = {
  /** Only this account's memberships. */
  accountId?: InputMaybe<Scalars['ID']['input']>;
  /** Only open (true) or ended (false) memberships. */
  isOpen?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only memberships of this plan. */
  planId?: InputMaybe<Scalars['ID']['input']>;
  /** Only memberships that came about in these ways. At most 3 items. */
  sources?: InputMaybe<Array<MembershipSource>>;
};

/** How customers become members. */
export type MembershipMode =
  /** Customers apply and an operator approves; packages and grants work too. */
  | 'APPLICATION'
  /** Only operators make members (grantMembership); packages bought in this mode make no member. */
  | 'APPOINTED'
  /** Buying a membership package makes a member; operators may also grant membership. */
  | 'EVERYONE';

/** A new membership plan. */
export type MembershipPlanCreateInput = {
  /** Whether the plan makes new members (default true). */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** Days a membership of this plan lasts; omitted or null: it never lapses. From 1 to 3,650. */
  durationDays?: InputMaybe<Scalars['Int']['input']>;
  /** Name, not blank. At most 60 characters. */
  name: Scalars['String']['input'];
  /** The package product (any catalog product, e.g. a ¥399 gift pack): a paid order with it opens a membership of this plan. At most one plan per product. */
  packageProductId?: InputMaybe<Scalars['ID']['input']>;
};

/** Filters of the membership plan list. */
export type MembershipPlanFilterInput = {
  /** Only active (true) or inactive (false) plans. */
  active?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Changes to a membership plan; omitted fields stay as they are. Memberships already open keep their end. */
export type MembershipPlanUpdateInput = {
  /** Whether the plan makes new members. */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** Days a new membership of this plan lasts; null: it never lapses. From 1 to 3,650. */
  durationDays?: InputMaybe<Scalars['Int']['input']>;
  /** Name, not blank. At most 60 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** The package product; null: the plan is no longer bought as a package. */
  packageProductId?: InputMaybe<Scalars['ID']['input']>;
};

/** How a membership came about. */
export type MembershipSource =
  /** An operator approved the customer's application. */
  | 'APPLICATION'
  /** Granted by an operator. */
  | 'GRANT'
  /** Bought: a paid order with the plan's package product. */
  | 'PURCHASE';

/** Filters of your shop's selection; all given must match. */
export type MyShopProductFilterInput = {
  /** Only products in this category or any of its descendants. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** true: only products with a SKU in stock; false: only products sold out. */
  inStock?: InputMaybe<Scalars['Boolean']['input']>;
  /** Text that must appear in the name or description (case-insensitive). At most 100 characters. */
  query?: InputMaybe<Scalars['String']['input']>;
  /** Only products whose shop price is in this state. */
  shopPriceStatus?: InputMaybe<ShopPriceStatus>;
};

/** A SKU's new-customer price. */
export type NewCustomerPriceInput = {
  /** The price, below the retail price; replaces the SKU's current one. */
  price: Scalars['Decimal']['input'];
  /** The SKU. */
  skuId: Scalars['ID']['input'];
};

/** Open a red packet of a campaign. */
export type OpenRedPacketInput = {
  /** The red-packet campaign. */
  campaignId: Scalars['ID']['input'];
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

/** Why a cart, checkout or order mutation was refused. */
export type OrderErrorCode =
  /** The caller has no saved address with this addressId (removed, or another account's). */
  | 'ADDRESS_NOT_FOUND'
  /** Both shippingAddress and addressId were given, or neither: give exactly one. */
  | 'ADDRESS_REQUIRED'
  /** No cart (or cart line) of the caller's has this id, or no storefront app key was sent. */
  | 'CART_NOT_FOUND'
  /** Both cartId and lines were given, or neither: give exactly one. */
  | 'CART_OR_LINES_REQUIRED'
  /** The caller has no available coupon with this id (used, locked by another unpaid order, or not theirs). */
  | 'COUPON_NOT_AVAILABLE'
  /** The coupon cannot be used on this order (the message says why), or both couponId and noCoupon were given. */
  | 'COUPON_UNUSABLE'
  /** No lines were given: there is nothing to order. */
  | 'EMPTY_ORDER'
  /** The order would take the customer past the flash sale's per-customer limit. */
  | 'FLASH_SALE_LIMIT_REACHED'
  /** The flash sale is sold out or has fewer units left than asked for. */
  | 'FLASH_SALE_SOLD_OUT'
  /** The order is on hold until its group-buy session succeeds, so it cannot ship yet. */
  | 'FULFILMENT_ON_HOLD'
  /** This idempotency key was already used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The order's status does not allow this step now; the message says which status it needs. */
  | 'ILLEGAL_TRANSITION'
  /** A SKU has fewer units in stock than asked for; the message names the SKU and what is left. */
  | 'INSUFFICIENT_STOCK'
  /** A shipping address field (recipient name, phone, region, street) is invalid; the field path names it. */
  | 'INVALID_ADDRESS'
  /** The idempotency key is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** The buy button's placement label is not 1 to 40 letters, digits, '_', '.' or '-'. */
  | 'INVALID_PLACEMENT'
  /** A line quantity is out of range, or one SKU is asked for more than the per-line maximum (in an order, or in a cart with what it already holds). */
  | 'INVALID_QUANTITY'
  /** An order setting is out of range; the message names it. */
  | 'INVALID_SETTINGS'
  /** The carrier is not 2 to 40 characters, or the tracking number is not 4 to 40 letters, digits or hyphens. */
  | 'INVALID_SHIPMENT'
  /** New-customer prices are for the first order only, and another order of the customer already has them. */
  | 'NEW_CUSTOMER_PRICE_USED'
  /** The SKU's product is off sale or not on sale yet (a preview). */
  | 'NOT_BUYABLE'
  /** No order (of the caller's, for customers) has this id. */
  | 'ORDER_NOT_FOUND'
  /** No SKU has this id. */
  | 'SKU_NOT_FOUND'
  /** The order or cart has more lines (different SKUs) than allowed. */
  | 'TOO_MANY_LINES';

/** Filters of an order list. */
export type OrderFilterInput = {
  /** Operators only: an order number, or the buyer's email or phone. At most 254 characters. */
  query?: InputMaybe<Scalars['String']['input']>;
  /** Only orders in these statuses. At most 6 items. */
  statuses?: InputMaybe<Array<OrderStatus>>;
};

/** What an order line was attributed to at checkout (the precedence is in OrderLineSourceReason). */
export type OrderLineSourceKind =
  /** The buy button of a site (the storefront app of the checkout) at the placement it gave (CheckoutInput.placement): it wins the lines no share link — given at checkout or touched within the window — covers. It names no person: nobody earns through it, though the buyer's bound inviter's chain still earns on the line. */
  | 'BUY_BUTTON'
  /** A product card or grid of a content-guide article, through its link: the line's product is one the card features. Its author is credited; commission is paid only to members (a KOL who is not one earns none, the funnel still counts the sale). */
  | 'CONTENT_CARD'
  /** No share link covers the line: the buyer's bound inviter (commission goes up the inviter's chain). */
  | 'INVITER'
  /** A live session: its host's link for the session, given by the live checkout (checkoutLive); it ranks like any share link. */
  | 'LIVE_SESSION'
  /** No share link covers the line and the buyer has no inviter: nobody earns commission on it. */
  | 'NONE'
  /** A member's product link: it covers every line of the order. */
  | 'PRODUCT_LINK'
  /** A member's shop link: it covers every line of the order. */
  | 'SHOP_LINK';

/** Why a source won an order line, in the order of precedence: the first that covers the line wins. A content card covers the lines of the products it features; a shop or product link covers every line. */
export type OrderLineSourceReason =
  /** 3. No link covers the line: the buyer's bound inviter. */
  | 'BOUND_INVITER'
  /** 2. The buyer's most recent valid touch within the attribution window (member programme settings) that covers the line. */
  | 'LAST_TOUCH'
  /** 4. Nothing: no link covers the line and the buyer has no inviter. */
  | 'NO_SOURCE'
  /** 1. Given at checkout: the share token — a content card's link while its article is published, a shop or product link while its sharer is a member; or, for the lines no link covers, the buy button (kind BUY_BUTTON) the order was placed through. */
  | 'TOKEN_AT_CHECKOUT';

/** Changes to the order settings; omitted fields stay as they are. */
export type OrderSettingsInput = {
  /** After-sale window in days. From 0 to 60. */
  afterSaleDays?: InputMaybe<Scalars['Int']['input']>;
  /** Days until automatic receipt. From 1 to 60. */
  autoReceiveDays?: InputMaybe<Scalars['Int']['input']>;
  /** Free shipping from this goods total; null turns free shipping off. */
  freeShippingThreshold?: InputMaybe<Scalars['Decimal']['input']>;
  /** Flat shipping fee. */
  shippingFlatFee?: InputMaybe<Scalars['Decimal']['input']>;
  /** Unpaid timeout in minutes. From 1 to 10,080. */
  unpaidTimeoutMinutes?: InputMaybe<Scalars['Int']['input']>;
};

/** Where an order is: PENDING_PAYMENT → PAID → SHIPPED → RECEIVED → COMPLETED, or CANCELLED before payment (or when refunded in full before shipping). */
export type OrderStatus =
  /** Cancelled before payment (by the buyer or for not being paid in time), or refunded in full before it shipped; stock returned. */
  | 'CANCELLED'
  /** The after-sale window has closed. */
  | 'COMPLETED'
  /** Paid; waiting to be shipped. */
  | 'PAID'
  /** Placed, stock taken, waiting for payment until paymentDueAt; then cancelled automatically. */
  | 'PENDING_PAYMENT'
  /** Received by the buyer (confirmed, or automatically after the set days). */
  | 'RECEIVED'
  /** Handed to the carrier. */
  | 'SHIPPED';

/** A paragraph. */
export type ParagraphBlockInput = {
  /** The text, not empty. Plain text with inline markup: **bold**, *italic*, [label](https://…); \ before * [ ] ( ) \ writes the character itself. No HTML, links to http(s) only. At most 5,000 characters. */
  text: Scalars['String']['input'];
};

/** The order to pay. */
export type PayOrderInput = {
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Your order, PENDING_PAYMENT. */
  orderId: Scalars['ID']['input'];
  /** Where the provider's page sends the buyer back to once they paid (or the payment failed): an absolute http(s) URL whose origin is one of the calling storefront app's allowed origins (RETURN_URL_NOT_ALLOWED otherwise; INVALID_RETURN_URL when it is no such URL). Coming back proves nothing: the order is PAID only once the provider confirms. At most 2,000 characters. */
  returnUrl?: InputMaybe<Scalars['String']['input']>;
};

/** Why a payment, refund or after-sale mutation was refused. */
export type PaymentErrorCode =
  /** The after-sale request was already decided. */
  | 'AFTER_SALE_ALREADY_DECIDED'
  /** The order already has an open after-sale request. */
  | 'AFTER_SALE_ALREADY_OPEN'
  /** The order's status does not allow after-sale, or the after-sale window after receipt has closed. */
  | 'AFTER_SALE_NOT_ALLOWED'
  /** No after-sale request has this id. */
  | 'AFTER_SALE_NOT_FOUND'
  /** The refund asks for more than is left to refund on a line, e.g. because another refund took it first. */
  | 'EXCEEDS_REFUNDABLE'
  /** The order belongs to a group-buy session that is still open, so it cannot be refunded or taken to after-sale yet. */
  | 'GROUP_BUY_SESSION_OPEN'
  /** This idempotency key was already used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The idempotency key is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** A refund line quantity is out of range. */
  | 'INVALID_QUANTITY'
  /** The reason is too short or longer than 200 characters. */
  | 'INVALID_REASON'
  /** The returnUrl is not an absolute http:// or https:// URL, or carries a user name or password. */
  | 'INVALID_RETURN_URL'
  /** No lines were given, everything was already refunded, or the units cost nothing. */
  | 'NOTHING_TO_REFUND'
  /** The order has no line with this id. */
  | 'ORDER_LINE_NOT_FOUND'
  /** No order (of the caller's, for customers) has this id. */
  | 'ORDER_NOT_FOUND'
  /** The order is not PENDING_PAYMENT, its time to pay is up, or it costs nothing. */
  | 'ORDER_NOT_PAYABLE'
  /** The order is not paid (PAID, SHIPPED, RECEIVED, COMPLETED) or was not paid through a payment provider. */
  | 'ORDER_NOT_REFUNDABLE'
  /** The payment provider did not carry out the request; nothing was changed and it may be retried. */
  | 'PROVIDER_ERROR'
  /** The returnUrl's origin is not one of the calling storefront app's allowed origins (the origins its browsers may call the API from). */
  | 'RETURN_URL_NOT_ALLOWED'
  /** The refund has more lines than allowed. */
  | 'TOO_MANY_LINES';

/** Where a payment is. */
export type PaymentStatus =
  /** The provider reported the payment failed; nothing was taken. Pay again with a new payment. */
  | 'FAILED'
  /** Opened at the provider; the buyer has not paid yet (or the provider has not told us). */
  | 'PENDING'
  /** Paid, but the order could no longer take it (cancelled meanwhile, or paid by another payment): given back in full automatically. */
  | 'REFUNDED'
  /** Paid, and the order is paid by it. */
  | 'SUCCEEDED';

/** What to price: a cart or lines (give exactly one), and which coupon. */
export type PriceCartInput = {
  /** Price this cart's buyable lines. */
  cartId?: InputMaybe<Scalars['ID']['input']>;
  /** Price with this coupon of yours; neither couponId nor noCoupon: with the best usable one, as checkout would. */
  couponId?: InputMaybe<Scalars['ID']['input']>;
  /** Price these lines. At most 50 items. */
  lines?: InputMaybe<Array<LineInput>>;
  /** true: price without a coupon. */
  noCoupon?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A price-control band; leave a side null for no bound. */
export type PriceControlInput = {
  /** Highest allowed member shop price; not below the floor. */
  ceiling?: InputMaybe<Scalars['Decimal']['input']>;
  /** Lowest allowed member shop price. */
  floor?: InputMaybe<Scalars['Decimal']['input']>;
};

/** Why a line's unit price is what it is. */
export type PriceReason =
  /** The price a bargain reached with the help of friends. */
  | 'BARGAIN'
  /** The flash-sale price of a campaign whose time slot is on. */
  | 'FLASH_SALE'
  /** The group price of a group-buy campaign (the leader's price when the buyer opens the session). */
  | 'GROUP_BUY'
  /** A live session's price of a lineup item, as it was when the order was placed. */
  | 'LIVE_PRICE'
  /** The member price, for members. */
  | 'MEMBER_PRICE'
  /** The retail price. */
  | 'RETAIL'
  /** The price of the member's shop the order went through (inside the product's price-control band). */
  | 'SHOP_PRICE';

/** A product card: one published product, optionally one of its SKUs, with your pitch. */
export type ProductCardBlockInput = {
  /** Your short pitch, plain text. At most 200 characters. */
  pitch?: InputMaybe<Scalars['String']['input']>;
  /** The product (published: on sale or a preview). */
  productId: Scalars['ID']['input'];
  /** One SKU of that product to feature; omitted: the product as a whole. */
  skuId?: InputMaybe<Scalars['ID']['input']>;
};

/** A new product; it starts as a draft. */
export type ProductCreateInput = {
  /** The category the product belongs to. */
  categoryId: Scalars['ID']['input'];
  /** Plain-text description. At most 20,000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Images in display order. At most 20 items. */
  images?: InputMaybe<Array<ProductImageInput>>;
  /** Display name, not blank. At most 120 characters. */
  name: Scalars['String']['input'];
  /** Price-control band for member shop prices. */
  priceControl?: InputMaybe<PriceControlInput>;
  /** The SKUs, at least one. At most 50 items. */
  skus: Array<SkuCreateInput>;
  /** URL-friendly unique name: lower-case letters, digits and single hyphens; made from the name when omitted. At most 100 characters. */
  slug?: InputMaybe<Scalars['String']['input']>;
  /** Tags. At most 20 items. Each at most 30 characters. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Filters of a product listing; all given filters must match. */
export type ProductFilterInput = {
  /** Only products in this category or any of its descendants. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** true: only products with a SKU in stock; false: only products sold out. */
  inStock?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only products with a SKU priced at most this. */
  maxPrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** Only products with a SKU priced at least this. */
  minPrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** Text that must appear in the name or description (case-insensitive). At most 100 characters. */
  query?: InputMaybe<Scalars['String']['input']>;
  /** Only products in these statuses. Storefronts see PREVIEW and ON_SALE (the default); operators may list any status and see all by default. At most 4 items. */
  statuses?: InputMaybe<Array<ProductStatus>>;
  /** Only products carrying at least one of these tags. At most 20 items. Each at most 30 characters. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A grid of several published products. */
export type ProductGridBlockInput = {
  /** The products, in order, each once; at least one. At most 12 items. */
  productIds: Array<Scalars['ID']['input']>;
  /** Title over the grid, plain text. At most 100 characters. */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** A product image. */
export type ProductImageInput = {
  /** Text describing the image. At most 200 characters. */
  altText?: InputMaybe<Scalars['String']['input']>;
  /** An https:// URL. At most 2,000 characters. */
  url: Scalars['String']['input'];
};

/** A product page's filters of its reviews; all given must match. */
export type ProductReviewFilterInput = {
  /** Only reviews with this many stars. From 1 to 5. */
  rating?: InputMaybe<Scalars['Int']['input']>;
  /** true: only reviews with images (in the review or its follow-up). */
  withImages?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Orders of a product listing. */
export type ProductSort =
  /** Most units sold first. */
  | 'BEST_SELLING'
  /** Most recently created first. */
  | 'NEWEST'
  /** Lowest starting price first. */
  | 'PRICE_ASC'
  /** Highest starting price first. */
  | 'PRICE_DESC';

/** Where a product is in its life. */
export type ProductStatus =
  /** Being prepared by an operator; only operators see it. */
  | 'DRAFT'
  /** Taken off sale: reachable by id or slug (old share links), not listed, not buyable. */
  | 'OFF_SALE'
  /** Visible and buyable. */
  | 'ON_SALE'
  /** Published with a sale start time in the future (商品预告): visible, not buyable yet. */
  | 'PREVIEW';

/** Changes to a product; omitted fields stay as they are. */
export type ProductUpdateInput = {
  /** New category. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** New description. At most 20,000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** New images, replacing the old ones. At most 20 items. */
  images?: InputMaybe<Array<ProductImageInput>>;
  /** New name. At most 120 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New price-control band; null removes the band. */
  priceControl?: InputMaybe<PriceControlInput>;
  /** New slug. At most 100 characters. */
  slug?: InputMaybe<Scalars['String']['input']>;
  /** New tags, replacing the old ones. At most 20 items. Each at most 30 characters. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Why a flash-sale, discount, full-reduction, new-customer-price or promotion-settings mutation was refused. */
export type PromotionErrorCode =
  /** The flash sale or campaign has already ended. */
  | 'CAMPAIGN_ENDED'
  /** No flash sale, discount, full reduction or new-customer price has this id. */
  | 'CAMPAIGN_NOT_FOUND'
  /** Give one of percentOffBasisPoints (1 to 9999) or amountOff (0.01 to below the retail price). */
  | 'INVALID_DISCOUNT'
  /** perCustomerLimit is not from 1 to 999. */
  | 'INVALID_LIMIT'
  /** The name is empty or too long. */
  | 'INVALID_NAME'
  /** The price is below 0.01 or not below the SKU's retail price. */
  | 'INVALID_PRICE'
  /** The flash stock is out of range, not whole, or would go below what is left. */
  | 'INVALID_STOCK'
  /** The full-reduction tiers are too few or many, repeat a threshold, or have an invalid threshold, amount or gift. */
  | 'INVALID_TIERS'
  /** A slot time is not HH:MM from 00:00 to 24:00, or the end is not after the start. */
  | 'INVALID_TIME'
  /** The time zone is not an IANA time zone such as Asia/Shanghai. */
  | 'INVALID_TIME_ZONE'
  /** endsAt is not after startsAt, or has already passed. */
  | 'INVALID_WINDOW'
  /** The SKU already has a flash sale or limited-time discount that has not ended: end it first. */
  | 'SKU_BUSY'
  /** No SKU has this id. */
  | 'SKU_NOT_FOUND'
  /** Flash sales use this slot, so it cannot be deleted. */
  | 'SLOT_IN_USE'
  /** No flash-sale slot has this id. */
  | 'SLOT_NOT_FOUND'
  /** The flash-sale slot's times overlap another slot. */
  | 'SLOT_OVERLAP';

/** The kinds of promotion game. */
export type PromotionGameKind =
  /** 助力享免单 assist-for-free: a sharing game. */
  | 'ASSIST_FOR_FREE'
  /** 万人抽奖 mass lottery. */
  | 'LOTTERY'
  /** 瓜分红包 / 天天拆红包 red-packet split: a sharing game. */
  | 'RED_PACKET_SPLIT'
  /** 幸运大转盘 lucky wheel. */
  | 'WHEEL';

/** Changes to the promotions' settings; omitted fields stay. */
export type PromotionSettingsInput = {
  /** IANA time zone name, e.g. Asia/Shanghai. At most 64 characters. */
  timeZone?: InputMaybe<Scalars['String']['input']>;
};

/** A quotation. */
export type QuoteBlockInput = {
  /** Who said it, plain text. At most 100 characters. */
  source?: InputMaybe<Scalars['String']['input']>;
  /** The quotation, not empty. Plain text with inline markup: **bold**, *italic*, [label](https://…); \ before * [ ] ( ) \ writes the character itself. No HTML, links to http(s) only. At most 1,000 characters. */
  text: Scalars['String']['input'];
};

/** The days to rebuild the daily sales rollup of, from the orders and refunds. */
export type RebuildSalesReportInput = {
  /** First day (a calendar day of the operator's time zone). */
  from: Scalars['LocalDate']['input'];
  /** Last day, included; at most 366 days after from (refused with INVALID_WINDOW otherwise). */
  to: Scalars['LocalDate']['input'];
};

/** A new red-packet campaign. */
export type RedPacketCampaignCreateInput = {
  /** The coupon template the opener of an expired packet gets (AMOUNT_OFF, no threshold); omitted: none. */
  consolationTemplateId?: InputMaybe<Scalars['ID']['input']>;
  /** No new packets from then. */
  endsAt: Scalars['DateTimeISO']['input'];
  /** Friends' packets one customer may join (default 1). From 1 to 1,000. */
  joinsPerCustomer?: InputMaybe<Scalars['Int']['input']>;
  /** The least any share gets (at least 0.01). */
  minimumShare: Scalars['Decimal']['input'];
  /** Name shown to shoppers, not blank. At most 60 characters. */
  name: Scalars['String']['input'];
  /** Packets one customer may open (default 1). From 1 to 1,000. */
  opensPerCustomer?: InputMaybe<Scalars['Int']['input']>;
  /** The coupon template shares are issued from: AMOUNT_OFF with no threshold, not ended. */
  shareTemplateId: Scalars['ID']['input'];
  /** Shares of a packet: the opener and shares − 1 friends. From 2 to 100. */
  shares: Scalars['Int']['input'];
  /** Packets can be opened from then. */
  startsAt: Scalars['DateTimeISO']['input'];
  /** Storefront apps (StorefrontApp ids) it runs on; empty: every app. Omitted: every app. At most 20 items. */
  storefrontAppIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Time a packet has, in seconds (a minute to 7 days). From 60 to 604,800. */
  timeLimitSeconds: Scalars['Int']['input'];
  /** What each packet holds (at least shares × minimumShare, at most 100000.00). */
  totalAmount: Scalars['Decimal']['input'];
};

/** Whether a red-packet campaign takes new packets (within its window). */
export type RedPacketCampaignStatus =
  /** Takes new packets between startsAt and endsAt. */
  | 'ACTIVE'
  /** Ended by an operator: no new packets; open ones run to their time. */
  | 'ENDED';

/** Changes to a red-packet campaign; omitted fields stay. Packets already opened keep their total, shares and time. */
export type RedPacketCampaignUpdateInput = {
  /** The coupon template (a CouponTemplate id) the opener of an expired packet gets: AMOUNT_OFF, no threshold; "" removes it. */
  consolationTemplateId?: InputMaybe<Scalars['ID']['input']>;
  /** New end. */
  endsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Joins per customer. From 1 to 1,000. */
  joinsPerCustomer?: InputMaybe<Scalars['Int']['input']>;
  /** The least any share of a new packet gets (at least 0.01). */
  minimumShare?: InputMaybe<Scalars['Decimal']['input']>;
  /** Name, not blank. At most 60 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Packets per customer. From 1 to 1,000. */
  opensPerCustomer?: InputMaybe<Scalars['Int']['input']>;
  /** The coupon template shares are issued from (a CouponTemplate id): AMOUNT_OFF with no threshold, not ended. */
  shareTemplateId?: InputMaybe<Scalars['ID']['input']>;
  /** Shares of new packets. From 2 to 100. */
  shares?: InputMaybe<Scalars['Int']['input']>;
  /** New start. */
  startsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Storefront apps (StorefrontApp ids) it runs on; empty: every app. Replaces the list. At most 20 items. */
  storefrontAppIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Time limit of new packets, in seconds. From 60 to 604,800. */
  timeLimitSeconds?: InputMaybe<Scalars['Int']['input']>;
  /** What each new packet holds (at least shares × minimumShare, at most 100000.00). */
  totalAmount?: InputMaybe<Scalars['Decimal']['input']>;
};

/** Why a red-packet campaign, packet or join was refused. */
export type RedPacketErrorCode =
  /** The caller is already a member of this packet (its opener, or joined before). */
  | 'ALREADY_JOINED'
  /** The campaign has already ended and cannot change or end again. */
  | 'CAMPAIGN_ENDED'
  /** No red-packet campaign has this id. */
  | 'CAMPAIGN_NOT_FOUND'
  /** The campaign is not running now (outside its window or ended): no new packets. */
  | 'CAMPAIGN_NOT_RUNNING'
  /** This idempotency key was already used with other input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** idempotencyKey is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** opensPerCustomer or joinsPerCustomer is out of range. */
  | 'INVALID_LIMIT'
  /** The campaign name is not 1 to 60 characters. */
  | 'INVALID_NAME'
  /** shares is not 2 to 100, minimumShare is below 0.01, or totalAmount does not cover every share its minimum. */
  | 'INVALID_SPLIT'
  /** A storefront app id given is unknown (field ends with its index), or the list is longer than 20. */
  | 'INVALID_STOREFRONT_APP'
  /** A coupon template given is unknown, ended, or not a no-threshold AMOUNT_OFF template. */
  | 'INVALID_TEMPLATE'
  /** timeLimitSeconds is out of the allowed range. */
  | 'INVALID_TIME_LIMIT'
  /** The campaign would end before it starts. */
  | 'INVALID_WINDOW'
  /** The customer has already opened, or joined, as many packets of this campaign as it allows. */
  | 'LIMIT_REACHED'
  /** The campaign does not run on the storefront app the request came through. */
  | 'NOT_ON_THIS_APP'
  /** The packet is past its time: it can no longer be joined. */
  | 'PACKET_EXPIRED'
  /** Every share of the packet is taken: it is complete. */
  | 'PACKET_FULL'
  /** No red packet has this share token. */
  | 'PACKET_NOT_FOUND'
  /** The campaign's coupon template has ended or run out: the packet cannot be paid out now. */
  | 'PRIZE_UNAVAILABLE'
  /** The sharing games are off on this storefront app (the channel's rules forbid them); promotionGames says why. */
  | 'SHARING_GAMES_OFF';

/** What a red-packet campaign gives. */
export type RedPacketPrizeKind =
  /** The coupon the opener of an expired packet gets, when the campaign has one. */
  | 'CONSOLATION'
  /** A member's share of a completed packet: a no-threshold coupon of its amount. */
  | 'SHARE';

/** Where a red packet is. */
export type RedPacketStatus =
  /** Every share was taken: the total was split and each share paid as a coupon. */
  | 'COMPLETED'
  /** The time ran out with shares left: nobody's share is paid; the opener got the consolation coupon if the campaign has one. */
  | 'EXPIRED'
  /** Friends can join until expiresAt while shares are left. */
  | 'OPEN';

/** Why binding to an inviter was refused. */
export type ReferralErrorCode =
  /** The caller already has an inviter, and the binding mode keeps the first one. */
  | 'ALREADY_BOUND'
  /** The inviter is in the caller's own team: the binding would close a loop. */
  | 'BINDING_LOOP'
  /** The code belongs to an account that is not a member (any more). */
  | 'INVITER_NOT_MEMBER'
  /** No member has this invite code. */
  | 'INVITE_CODE_NOT_FOUND'
  /** The binding mode binds only through an invite code given at registration. */
  | 'ONLY_AT_REGISTRATION'
  /** The invite code is the caller's own. */
  | 'SELF_BINDING';

/** Why money went back. */
export type RefundKind =
  /** A refund of a paid order, whole or in part (by an operator, or an approved after-sale request). */
  | 'ORDER'
  /** A payment that arrived when the order could no longer take it, returned in full automatically. */
  | 'UNAPPLIED_PAYMENT';

/** A line and how many of its units. */
export type RefundLineInput = {
  /** The order line (an `OrderLine.id`). */
  orderLineId: Scalars['ID']['input'];
  /** Units (at most what is left unrefunded of the line). From 1 to 999. */
  quantity: Scalars['Int']['input'];
};

/** What to refund: the whole order (lines omitted) or lines and quantities. */
export type RefundOrderInput = {
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Lines and quantities to refund; omitted: everything not yet refunded, shipping included. At most 50 items. */
  lines?: InputMaybe<Array<RefundLineInput>>;
  /** The order: PAID, SHIPPED, RECEIVED or COMPLETED. */
  orderId: Scalars['ID']['input'];
  /** Why (at least 2 characters); the buyer may see it. At most 200 characters. */
  reason: Scalars['String']['input'];
};

/** A new customer account: an email address, a phone number, or both. */
export type RegisterInput = {
  /** Name shown to others; made from the email or phone when omitted. At most 40 characters. */
  displayName?: InputMaybe<Scalars['String']['input']>;
  /** Email address; unique. At most 254 characters. */
  email?: InputMaybe<Scalars['String']['input']>;
  /** A member's invite code (or invite-link token): the new customer is bound to that member as their inviter, in every binding mode. A code that binds nobody refuses the registration with INVALID_INVITE_CODE. At most 8 characters. */
  inviteCode?: InputMaybe<Scalars['String']['input']>;
  /** At least 8 characters with letters and digits, not containing the email or phone. At most 128 characters. */
  password: Scalars['String']['input'];
  /** Mobile number: 11 digits starting with 1, or + and the international number; unique. Spaces and hyphens are dropped. At most 30 characters. */
  phone?: InputMaybe<Scalars['String']['input']>;
};

/** An after-sale request to reject. */
export type RejectAfterSaleInput = {
  /** Why (at least 2 characters); the buyer sees it. At most 200 characters. */
  reason: Scalars['String']['input'];
  /** The request, OPEN. */
  requestId: Scalars['ID']['input'];
};

/** An application to reject. */
export type RejectMembershipApplicationInput = {
  /** The application, PENDING. */
  applicationId: Scalars['ID']['input'];
  /** Why (at least 2 characters); the applicant sees it. At most 200 characters. */
  reason: Scalars['String']['input'];
};

/** Which override to remove. */
export type RemoveCommissionOverrideInput = {
  /** The product. */
  productId: Scalars['ID']['input'];
  /** The SKU; omit for the product's own override. */
  skuId?: InputMaybe<Scalars['ID']['input']>;
};

/** The shop's reply to a review. */
export type ReplyToReviewInput = {
  /** The review. */
  reviewId: Scalars['ID']['input'];
  /** The reply; replaces an earlier one. Not blank. At most 1,000 characters. */
  text: Scalars['String']['input'];
};

/** Why a reports mutation was refused. */
export type ReportsErrorCode =
  /** The window of days is not valid: from after to, or longer than 366 days. */
  | 'INVALID_WINDOW';

/** A withdrawal request. */
export type RequestWithdrawalInput = {
  /** How much to withdraw from available: at least the minimum, at most what is available. */
  amount: Scalars['Decimal']['input'];
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

/** A buyer's review (晒单) to feature. */
export type ReviewBlockInput = {
  /** The review (a Review id). */
  reviewId: Scalars['ID']['input'];
};

/** Why a review, follow-up, hide or reply was refused. */
export type ReviewErrorCode =
  /** The review already has its follow-up: there is one per review. */
  | 'ALREADY_FOLLOWED_UP'
  /** The line already has its review: a line is reviewed once (add a follow-up to say more). */
  | 'ALREADY_REVIEWED'
  /** A follow-up review needs text. */
  | 'EMPTY_FOLLOW_UP'
  /** The review is more than 30 days old: the time for a follow-up is over. */
  | 'FOLLOW_UP_CLOSED'
  /** The review is not in a state this change leaves from (hiding a hidden review, showing a published one); the message names its state. */
  | 'ILLEGAL_TRANSITION'
  /** An image URL is not an absolute http or https URL of at most 500 characters (field names its index). */
  | 'INVALID_IMAGE_URL'
  /** The rating is not a whole number of stars from 1 to 5. */
  | 'INVALID_RATING'
  /** The reason for hiding is blank or longer than 200 characters. */
  | 'INVALID_REASON'
  /** The reply is blank or longer than 1,000 characters. */
  | 'INVALID_REPLY'
  /** No order line of the caller's has this id (another buyer's line answers the same, so ids reveal nothing). */
  | 'LINE_NOT_FOUND'
  /** Every unit of the line has been refunded: there is nothing kept to review. */
  | 'LINE_REFUNDED'
  /** The order has not been received yet (it is not RECEIVED or COMPLETED): a line is reviewed once its goods arrived. */
  | 'NOT_RECEIVED'
  /** No review (of the caller's, for a follow-up) has this id. */
  | 'REVIEW_NOT_FOUND'
  /** The text is longer than 1,000 characters. */
  | 'TEXT_TOO_LONG'
  /** More than 9 image URLs. */
  | 'TOO_MANY_IMAGES';

/** Operators' filters of reviews; all given must match. */
export type ReviewFilterInput = {
  /** true: only hidden reviews; false: only published ones; omitted: both. */
  hidden?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only reviews of this product (a Product id). */
  productId?: InputMaybe<Scalars['ID']['input']>;
  /** Only reviews with this many stars. From 1 to 5. */
  rating?: InputMaybe<Scalars['Int']['input']>;
  /** true: only reviews with images (in the review or its follow-up). */
  withImages?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Whether a review is shown. PUBLISHED → HIDDEN (an operator hides it, with a reason) → PUBLISHED (shown again). */
export type ReviewStatus =
  /** Hidden by an operator: only its author and operators see it, and its rating does not count. */
  | 'HIDDEN'
  /** Shown on the product's page; its rating counts in the summary unless its line was refunded. */
  | 'PUBLISHED';

/** A membership to end. */
export type RevokeMembershipInput = {
  /** The member's account. */
  accountId: Scalars['ID']['input'];
  /** Why (at least 2 characters); kept as the membership's end reason. At most 200 characters. */
  reason: Scalars['String']['input'];
};

/** What the rows of a sales report are per. */
export type SalesReportGrouping =
  /** Per storefront app (sales channel) the orders were placed through. */
  | 'CHANNEL'
  /** Per calendar day of the operator's time zone: every day of the window is listed. */
  | 'DAY'
  /** Per attribution source: its kind and, within the kind, the article card, live session, placement or referral level. */
  | 'SOURCE';

/** Where an order came from, as reports count it: the source of the order's line that paid the most (checkout's attribution, frozen when the order was placed). Each order counts under one source, so the sources add up to the whole. */
export type SalesSource =
  /** A product card of a content article (sourceDetail: "article id:card block id"). */
  | 'ARTICLE_CARD'
  /** A site's buy button (sourceDetail: its placement label, empty when none was given; the site is the channel). */
  | 'BUY_BUTTON'
  /** No link, no inviter: the buyer came by themselves. */
  | 'DIRECT'
  /** A live session's link (sourceDetail: the live session's id). */
  | 'LIVE_SESSION'
  /** A member's shop link. */
  | 'MEMBER_SHOP'
  /** No link: the buyer's bound inviter (sourceDetail: the referral level, "1"). */
  | 'REFERRAL'
  /** A member's product share link. */
  | 'SHARE_LINK';

/** How many of a lineup item the live cart holds. */
export type SetLiveCartLineInput = {
  /** The lineup item (a LiveItem id). */
  itemId: Scalars['ID']['input'];
  /** How many (within its per-customer limit); 0 takes it out of the cart. From 0 to 999. */
  quantity: Scalars['Int']['input'];
};

/** Which campaign to share a pack of. */
export type ShareCouponPackInput = {
  /** The share-pack campaign. */
  campaignId: Scalars['ID']['input'];
};

/** What a share link leads to. */
export type ShareEntry =
  /** A product card or grid of a content-guide article, shared by the article's author: made with the article (ProductCardBlock.linkToken), not by createShareLink. */
  | 'CONTENT'
  /** A platform product, shared by a member. */
  | 'PRODUCT'
  /** A member's shop. */
  | 'SHOP';

/** A new share-pack campaign. */
export type SharePackCampaignInput = {
  /** Friends needed for the reward. From 1 to 100. */
  friendsNeeded: Scalars['Int']['input'];
  /** Name, not blank. At most 60 characters. */
  name: Scalars['String']['input'];
  /** Coupons a pack holds, at least friendsNeeded; omitted: friendsNeeded. From 1 to 100. */
  packSize?: InputMaybe<Scalars['Int']['input']>;
  /** The coupon template the sharer gets one coupon of once friendsNeeded friends have claimed. */
  rewardTemplateId: Scalars['ID']['input'];
  /** The coupon template friends get one coupon of. */
  templateId: Scalars['ID']['input'];
};

/** A shipment. */
export type ShipOrderInput = {
  /** Carrier (at least 2 characters). At most 40 characters. */
  carrier: Scalars['String']['input'];
  /** The order. */
  orderId: Scalars['ID']['input'];
  /** Tracking number: at least 4 letters, digits, hyphens. At most 40 characters. */
  trackingNumber: Scalars['String']['input'];
};

/** Where to ship. */
export type ShippingAddressInput = {
  /** Street address (at least 2 characters). At most 200 characters. */
  detail: Scalars['String']['input'];
  /** Recipient, not blank. At most 40 characters. */
  name: Scalars['String']['input'];
  /** Recipient's phone: 11 digits starting with 1, or + and an international number; spaces and hyphens are dropped. At most 30 characters. */
  phone: Scalars['String']['input'];
  /** Province, city and district, e.g. "浙江省 杭州市 西湖区" (at least 2 characters). At most 100 characters. */
  region: Scalars['String']['input'];
};

/** Why a shop mutation was refused. */
export type ShopErrorCode =
  /** The avatar is not an https:// URL. */
  | 'INVALID_AVATAR_URL'
  /** The intro is longer than 500 characters. */
  | 'INVALID_INTRO'
  /** The shop name is not 1 to 40 characters. */
  | 'INVALID_NAME'
  /** No products were given, or a product is given twice. */
  | 'INVALID_PRODUCT_LIST'
  /** The shop slug is not 3 to 30 lower-case letters, digits and single hyphens inside. */
  | 'INVALID_SLUG'
  /** The caller is not a member: only members have a shop. */
  | 'NOT_A_MEMBER'
  /** No product has this id, or the product is off sale and cannot join a shop. */
  | 'PRODUCT_NOT_FOUND'
  /** The product is not in the caller's shop. */
  | 'PRODUCT_NOT_IN_SHOP'
  /** The shop already holds as many products as allowed. */
  | 'SELECTION_FULL'
  /** No shop has this slug. */
  | 'SHOP_NOT_FOUND'
  /** A shop price is not above 0.00 or outside the product's price-control band. */
  | 'SHOP_PRICE_OUT_OF_BAND'
  /** The shop slug is reserved: choose another. */
  | 'SLUG_RESERVED'
  /** Another shop already has this slug. */
  | 'SLUG_TAKEN'
  /** More products were given at a time than allowed. */
  | 'TOO_MANY_PRODUCTS';

/** Whether a product's shop price is what buyers through the shop pay. */
export type ShopPriceStatus =
  /** The shop price is inside the product's price-control band and applies. */
  | 'APPLIED'
  /** No shop price set: buyers pay the platform's prices. */
  | 'NONE'
  /** The operator has since moved the price-control band and the shop price lies outside it: it does not apply (buyers pay the platform's prices) until you set one inside the band or clear it. */
  | 'OUT_OF_BAND';

/** Filters of a shop's products; all given must match. */
export type ShopProductFilterInput = {
  /** Only products in this category or any of its descendants. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** true: only products with a SKU in stock; false: only products sold out. */
  inStock?: InputMaybe<Scalars['Boolean']['input']>;
  /** Text that must appear in the name or description (case-insensitive). At most 100 characters. */
  query?: InputMaybe<Scalars['String']['input']>;
};

/** Set or remove a streak reward. */
export type SignInRewardInput = {
  /** The day of the streak. From 1 to 365. */
  streakDay: Scalars['Int']['input'];
  /** The coupon template to issue one coupon of on that day; null removes the reward. */
  templateId?: InputMaybe<Scalars['ID']['input']>;
};

/** A new SKU. */
export type SkuCreateInput = {
  /** SKU code, unique over the catalog: letters, digits, dots, hyphens, underscores, starting with a letter or digit. At most 64 characters. */
  code: Scalars['String']['input'];
  /** Member price, not above the retail price. */
  memberPrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** Order among the product's SKUs, smallest first. From 0 to 10,000. */
  position?: InputMaybe<Scalars['Int']['input']>;
  /** Retail price, above 0.00. */
  price: Scalars['Decimal']['input'];
  /** Spec values. At most 5 items. */
  specs: Array<SpecValueInput>;
  /** Initial stock (default 0); later changes go through adjustSkuStock. From 0 to 10,000,000. */
  stock?: InputMaybe<Scalars['Int']['input']>;
};

/** Changes to a SKU; omitted fields stay as they are. Stock changes go through adjustSkuStock. */
export type SkuUpdateInput = {
  /** New SKU code. At most 64 characters. */
  code?: InputMaybe<Scalars['String']['input']>;
  /** New member price; null removes it. */
  memberPrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** New position. From 0 to 10,000. */
  position?: InputMaybe<Scalars['Int']['input']>;
  /** New retail price. */
  price?: InputMaybe<Scalars['Decimal']['input']>;
  /** New spec values, replacing the old ones. At most 5 items. */
  specs?: InputMaybe<Array<SpecValueInput>>;
};

/** One spec value of a SKU. */
export type SpecValueInput = {
  /** The spec, e.g. "颜色"; not blank, unique within the SKU. At most 30 characters. */
  name: Scalars['String']['input'];
  /** Its value, e.g. "红色"; not blank. At most 60 characters. */
  value: Scalars['String']['input'];
};

/** Start a bargain of a campaign. */
export type StartBargainInput = {
  /** The bargain campaign. */
  campaignId: Scalars['ID']['input'];
};

/** Open a session (开团) by ordering a SKU of a campaign; pay the order to open it. */
export type StartGroupBuyInput = {
  /** The campaign. */
  campaignId: Scalars['ID']['input'];
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key and input return the first order. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** How many (default 1; at most the campaign's maxQuantity). From 1 to 999. */
  quantity?: InputMaybe<Scalars['Int']['input']>;
  /** Where to ship. */
  shippingAddress: ShippingAddressInput;
  /** The SKU (one of the campaign's). */
  skuId: Scalars['ID']['input'];
};

/** The length of each statement line, in the shops' time zone (Asia/Shanghai). */
export type StatementPeriod =
  /** One line per day. */
  | 'DAY'
  /** One line per calendar month. */
  | 'MONTH';

/** A stock adjustment. */
export type StockAdjustmentInput = {
  /** Units to add (positive) or remove (negative), not zero; never leaves stock below zero. From -10,000,000 to 10,000,000. */
  delta: Scalars['Int']['input'];
  /** Idempotency key (at least 8 characters of letters, digits, ._:-). Sending the same key with the same input again replays the first answer instead of adjusting twice; the same key with other input is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Why, e.g. "stocktake 2026-11" (at least 2 characters). At most 200 characters. */
  reason: Scalars['String']['input'];
  /** The SKU. */
  skuId: Scalars['ID']['input'];
};

/** Why a storefront app mutation was refused. */
export type StorefrontAppErrorCode =
  /** The name is not 1 to 80 characters. */
  | 'INVALID_NAME'
  /** An allowed origin is not scheme://host[:port] (http or https, no path, query, fragment or trailing slash; * only as the first label of a domain) or is longer than 200 characters; `field` ends with its index. */
  | 'INVALID_ORIGIN'
  /** sharingGamesOffReason is longer than 200 characters. */
  | 'INVALID_REASON'
  /** No storefront app has this id. */
  | 'NOT_FOUND';

/** Changes to a storefront app; omitted fields stay as they are. */
export type StorefrontAppUpdateInput = {
  /** Browser origins whose pages may call the API with this app's keys: "scheme://host" or "scheme://host:port" with scheme http or https, no path, query, fragment or trailing slash, or "https://*.example.com" for every subdomain of example.com (at any depth, not example.com itself). Stored lower-cased, without a default port (:80, :443) and without duplicates; a bad entry is refused with INVALID_ORIGIN naming its index. Replaces the whole list; [] allows no browser origin. At most 20 items. Each at most 200 characters. */
  allowedOrigins?: InputMaybe<Array<Scalars['String']['input']>>;
  /** false refuses every request with its keys; true lets them in again. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** New name, not blank. At most 80 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** false turns off the sharing games (red-packet split, assist-for-free) on this app, where the channel's rules forbid them; true turns them on again (and clears the reason). */
  sharingGames?: InputMaybe<Scalars['Boolean']['input']>;
  /** Why the sharing games are off, shown to shoppers (at most 200 characters; "" clears it). At most 200 characters. */
  sharingGamesOffReason?: InputMaybe<Scalars['String']['input']>;
};

/** A hidden review to show again. */
export type UnhideReviewInput = {
  /** The review. */
  reviewId: Scalars['ID']['input'];
};

/** Changes to a lineup item; fields left out stay. */
export type UpdateLiveItemInput = {
  /** True: no per-customer limit any more. */
  clearPerCustomerLimit?: InputMaybe<Scalars['Boolean']['input']>;
  /** The item (a LiveItem id). */
  itemId: Scalars['ID']['input'];
  /** A new live price, above 0 (allowed while live: a PRICE event). */
  livePrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** Put it on sale (true) or take it off sale (false: unpinned if pinned). */
  onSale?: InputMaybe<Scalars['Boolean']['input']>;
  /** A new per-customer limit. From 1 to 999. */
  perCustomerLimit?: InputMaybe<Scalars['Int']['input']>;
  /** A new place in the lineup. From 0 to 10,000. */
  position?: InputMaybe<Scalars['Int']['input']>;
};

/** Changes to a live session's details; fields left out stay. */
export type UpdateLiveSessionInput = {
  /** Its cover image: an absolute http(s) URL. At most 2,000 characters. */
  coverUrl?: InputMaybe<Scalars['String']['input']>;
  /** Minutes a live order has to be paid (1 to 120); the shop-wide time to pay still applies when shorter. From 1 to 120. */
  paymentWindowMinutes?: InputMaybe<Scalars['Int']['input']>;
  /** The provider's replay URL: an absolute http(s) URL. The one detail that can still be given once the session ENDED. At most 2,000 characters. */
  replayUrl?: InputMaybe<Scalars['String']['input']>;
  /** A new scheduled start (only while SCHEDULED): from a day ago to a year ahead. */
  scheduledStartAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** The storefront apps it shows on, replacing the list (StorefrontApp ids). At most 20 items. */
  storefrontAppIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The provider's stream URL: an absolute http(s) URL. At most 2,000 characters. */
  streamUrl?: InputMaybe<Scalars['String']['input']>;
  /** Its title. At most 100 characters. */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** Changes to your shop; omitted fields stay as they are. */
export type UpdateMyShopInput = {
  /** An https:// URL of the avatar; an empty string removes it. At most 2,000 characters. */
  avatarUrl?: InputMaybe<Scalars['String']['input']>;
  /** Introduction. At most 500 characters. */
  intro?: InputMaybe<Scalars['String']['input']>;
  /** Display name, not blank. At most 40 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New URL name: at least 3 lower-case letters, digits and single hyphens inside (e.g. "lily-tea"); some words are reserved. SLUG_TAKEN when another shop has it. At most 30 characters. */
  slug?: InputMaybe<Scalars['String']['input']>;
};

/** The fields of a saved address to change; those omitted stay as they are. */
export type UpdateSavedAddressInput = {
  /** Street address (at least 2 characters). At most 200 characters. */
  detail?: InputMaybe<Scalars['String']['input']>;
  /** Recipient, not blank. At most 40 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Recipient's phone: 11 digits starting with 1, or + and an international number; spaces and hyphens are dropped. At most 30 characters. */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** Province, city and district, e.g. "浙江省 杭州市 西湖区" (at least 2 characters). At most 100 characters. */
  region?: InputMaybe<Scalars['String']['input']>;
};

/** Where a delivery stands. */
export type WebhookDeliveryStatus =
  /** A 2xx answered. */
  | 'DELIVERED'
  /** Every attempt of the retry schedule failed; replayWebhookDelivery sends it again. */
  | 'FAILED'
  /** Not acknowledged yet: an attempt is due at nextAttemptAt (or waits for its endpoint to be enabled again). */
  | 'PENDING';

/** A new webhook endpoint. */
export type WebhookEndpointCreateInput = {
  /** The event types to receive; at least one. At most 30 items. */
  eventTypes: Array<WebhookEventType>;
  /** The storefront app. Operators name it; a secret key may omit it (its own app). */
  storefrontAppId?: InputMaybe<Scalars['ID']['input']>;
  /** Where to POST events: https (http only outside production); private, loopback and link-local hosts are refused (URL_NOT_ALLOWED). At most 2,000 characters. */
  url: Scalars['String']['input'];
};

/** Changes to a webhook endpoint; omitted fields stay as they are. */
export type WebhookEndpointUpdateInput = {
  /** false disables it (its pending deliveries wait); true enables it again and clears disabledReason. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** The event types to receive from now on; at least one. At most 30 items. */
  eventTypes?: InputMaybe<Array<WebhookEventType>>;
  /** A new URL (same rules as at creation). At most 2,000 characters. */
  url?: InputMaybe<Scalars['String']['input']>;
};

/** Why a webhook mutation was refused. */
export type WebhookErrorCode =
  /** No storefront app has this id, or the caller (a secret key) may not manage it: a secret key manages only its own app. Operators must name the app. */
  | 'APP_NOT_FOUND'
  /** No delivery of an endpoint the caller may manage has this id (the log keeps 30 days). */
  | 'DELIVERY_NOT_FOUND'
  /** The endpoint is disabled: enable it (updateWebhookEndpoint) before sending it a test event or replaying to it. */
  | 'ENDPOINT_DISABLED'
  /** No webhook endpoint the caller may manage has this id. */
  | 'ENDPOINT_NOT_FOUND'
  /** A replay starts at most 30 days ago (the log keeps 30 days) and not in the future. */
  | 'INVALID_SINCE'
  /** The URL is not an absolute http(s) URL of at most 2,000 characters without credentials or fragment, or is http in production (https only). */
  | 'INVALID_URL'
  /** An endpoint subscribes to at least one event type. */
  | 'NO_EVENT_TYPES'
  /** The app already has 20 webhook endpoints. */
  | 'TOO_MANY_ENDPOINTS'
  /** The host does not resolve, or resolves to a private, loopback, link-local, unique-local or carrier-grade NAT address (allowed only when WEBHOOKS_ALLOW_PRIVATE_URLS is on, outside production). */
  | 'URL_NOT_ALLOWED';

/** An event a webhook endpoint can subscribe to; the payload's "type" is the lower-case dotted form (ORDER_PAID is "order.paid"). Each payload is documented in docs/webhooks.md. */
export type WebhookEventType =
  /** An operator approved or rejected an after-sale request. */
  | 'AFTER_SALE_DECIDED'
  /** A buyer asked for an after-sale refund. */
  | 'AFTER_SALE_REQUESTED'
  /** A group-buy session ran out of time unfilled: its paid members are refunded. */
  | 'GROUP_BUY_SESSION_FAILED'
  /** A group-buy session filled: its orders go on to fulfilment. */
  | 'GROUP_BUY_SESSION_SUCCEEDED'
  /** A live session ended. */
  | 'LIVE_SESSION_ENDED'
  /** A live session went live. */
  | 'LIVE_SESSION_STARTED'
  /** A membership ended (revoked, or its package order cancelled or refunded). */
  | 'MEMBERSHIP_ENDED'
  /** A customer became a member. */
  | 'MEMBERSHIP_OPENED'
  /** An order was cancelled: by the buyer, unpaid in time, refused by its campaign, or refunded in full before shipping. */
  | 'ORDER_CANCELLED'
  /** An order completed: its after-sale window closed. */
  | 'ORDER_COMPLETED'
  /** An order was placed (pending payment). */
  | 'ORDER_CREATED'
  /** An order was paid. */
  | 'ORDER_PAID'
  /** The buyer received an order (confirmed, or by the automatic receipt). */
  | 'ORDER_RECEIVED'
  /** Money of an order was refunded (the refund, its lines and amounts). */
  | 'ORDER_REFUNDED'
  /** An order was shipped (carrier and tracking number). */
  | 'ORDER_SHIPPED'
  /** A buyer reviewed a line of an order. */
  | 'REVIEW_CREATED'
  /** An operator approved a withdrawal. */
  | 'WITHDRAWAL_APPROVED'
  /** A withdrawal was paid out. */
  | 'WITHDRAWAL_PAID'
  /** An operator rejected a withdrawal (or its payout failed): the amount is available again. */
  | 'WITHDRAWAL_REJECTED'
  /** A member asked to withdraw earnings. */
  | 'WITHDRAWAL_REQUESTED';

/** A new lucky-wheel campaign (DRAFT; add prizes, then start it). */
export type WheelCampaignCreateInput = {
  /** Free chances per customer per day; default 1. From 0 to 100. */
  dailyChances?: InputMaybe<Scalars['Int']['input']>;
  /** No draws from then; after startsAt. */
  endsAt: Scalars['DateTimeISO']['input'];
  /** Name shown to shoppers, not blank. At most 60 characters. */
  name: Scalars['String']['input'];
  /** What the no-prize slot (slot 0) shows; default 谢谢参与. At most 60 characters. */
  noPrizeLabel?: InputMaybe<Scalars['String']['input']>;
  /** The no-prize slot's weight; default 0. From 0 to 1,000,000. */
  noPrizeWeight?: InputMaybe<Scalars['Int']['input']>;
  /** Daily cap of chances from paid orders (one per order); default 0. From 0 to 100. */
  orderChancesPerDay?: InputMaybe<Scalars['Int']['input']>;
  /** Daily cap of chances from sharing (one per share); default 0. From 0 to 100. */
  shareChancesPerDay?: InputMaybe<Scalars['Int']['input']>;
  /** Chances the day's sign-in earns; default 0. From 0 to 100. */
  signInChances?: InputMaybe<Scalars['Int']['input']>;
  /** Draws are possible from then. */
  startsAt: Scalars['DateTimeISO']['input'];
  /** StorefrontApp ids it runs on; omitted or empty: every app. At most 20 items. */
  storefrontAppIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** Where a lucky-wheel campaign is. */
export type WheelCampaignStatus =
  /** Started: customers draw between startsAt and endsAt. */
  | 'ACTIVE'
  /** Being set up: prizes can be added. The seed commitment is already published. */
  | 'DRAFT'
  /** Ended (by an operator or at endsAt): the seed is revealed and every draw can be recomputed. */
  | 'ENDED';

/** Changes to a lucky-wheel campaign that has not ended; omitted fields stay. noPrizeWeight only while DRAFT. */
export type WheelCampaignUpdateInput = {
  /** Free chances per day. From 0 to 100. */
  dailyChances?: InputMaybe<Scalars['Int']['input']>;
  /** New end of draws; after the start. */
  endsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Name. At most 60 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** No-prize label. At most 60 characters. */
  noPrizeLabel?: InputMaybe<Scalars['String']['input']>;
  /** No-prize weight, only while DRAFT. From 0 to 1,000,000. */
  noPrizeWeight?: InputMaybe<Scalars['Int']['input']>;
  /** Daily cap from paid orders. From 0 to 100. */
  orderChancesPerDay?: InputMaybe<Scalars['Int']['input']>;
  /** Daily cap from sharing. From 0 to 100. */
  shareChancesPerDay?: InputMaybe<Scalars['Int']['input']>;
  /** Sign-in chances. From 0 to 100. */
  signInChances?: InputMaybe<Scalars['Int']['input']>;
  /** New start of draws. */
  startsAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** StorefrontApp ids; empty: every app. At most 20 items. */
  storefrontAppIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** How a customer earns extra chances on their own (paid orders earn theirs automatically). */
export type WheelChanceSource =
  /** Sharing the campaign earns one chance, up to shareChancesPerDay a day. */
  | 'SHARE'
  /** Today's daily sign-in (signIn) earns the campaign's signInChances, once a day. */
  | 'SIGN_IN';

/** Why a lucky-wheel request was refused. */
export type WheelErrorCode =
  /** The campaign has ended: it cannot change, start or end again. */
  | 'CAMPAIGN_ENDED'
  /** Prizes and weights can only change while the campaign is DRAFT; it has started. */
  | 'CAMPAIGN_NOT_DRAFT'
  /** No lucky-wheel campaign has this id. */
  | 'CAMPAIGN_NOT_FOUND'
  /** The campaign is not running now (not started, outside its window, or ended): no draws or chances. */
  | 'CAMPAIGN_NOT_RUNNING'
  /** This source has given all the chances it may today (or the campaign gives none from it). */
  | 'EARN_LIMIT_REACHED'
  /** This idempotency key was already used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** A chance count (daily, sign-in, orders, shares) is out of its range. */
  | 'INVALID_CHANCES'
  /** The idempotency key is not 8 to 128 letters, digits or ._:- characters. */
  | 'INVALID_IDEMPOTENCY_KEY'
  /** A name or label is not 1 to 60 characters. */
  | 'INVALID_NAME'
  /** A prize stock is out of its range. */
  | 'INVALID_STOCK'
  /** No storefront app has one of the ids given. */
  | 'INVALID_STOREFRONT_APP'
  /** A weight is out of its range. */
  | 'INVALID_WEIGHT'
  /** The campaign would end before it starts, or has already ended when started. */
  | 'INVALID_WINDOW'
  /** The campaign does not run on the storefront app the request came through. */
  | 'NOT_ON_THIS_APP'
  /** The customer has not signed in today (signIn), so there is no sign-in chance to earn. */
  | 'NOT_SIGNED_IN_TODAY'
  /** The customer has used every chance they have today. */
  | 'NO_CHANCES_LEFT'
  /** The weights add up to 0: the wheel cannot start. */
  | 'NO_WINNING_WEIGHT'
  /** No coupon template has this id. */
  | 'TEMPLATE_NOT_FOUND'
  /** The wheel already has its 20 prize slots. */
  | 'TOO_MANY_PRIZES'
  /** A prize is a coupon of a GRANT_ONLY template (given out, never claimed). */
  | 'WRONG_DISTRIBUTION';

/** Which withdrawals. */
export type WithdrawalFilterInput = {
  /** Only these statuses, e.g. [REQUESTED] to review. At most 5 items. */
  statuses?: InputMaybe<Array<WithdrawalStatus>>;
};

/** A withdrawal to approve or mark paid. */
export type WithdrawalInput = {
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The withdrawal. */
  withdrawalId: Scalars['ID']['input'];
};

/** A withdrawal to reject or mark failed, and why. */
export type WithdrawalReasonInput = {
  /** Idempotency key (at least 8 of letters, digits, ._:-): the same key with the same input returns the first answer instead of doing it again; with other input it is refused with IDEMPOTENCY_KEY_REUSED. At most 128 characters. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Why, not blank; the member sees it. At most 200 characters. */
  reason: Scalars['String']['input'];
  /** The withdrawal. */
  withdrawalId: Scalars['ID']['input'];
};

/** Where a withdrawal is: REQUESTED → APPROVED → PAID or FAILED; or REQUESTED → REJECTED. */
export type WithdrawalStatus =
  /** Approved; being paid out. */
  | 'APPROVED'
  /** The payout failed; the money went back to available. */
  | 'FAILED'
  /** Paid out (amount less fee). */
  | 'PAID'
  /** Rejected with a reason; the money went back to available. */
  | 'REJECTED'
  /** Held from available, waiting for an operator. */
  | 'REQUESTED';

/** A review of one order line. */
export type WriteReviewInput = {
  /** true: show no name with the review (default false). */
  anonymous?: InputMaybe<Scalars['Boolean']['input']>;
  /** Photos of what you received, in display order. Absolute http or https URLs. At most 9 items. Each at most 500 characters. */
  imageUrls?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The line reviewed (an OrderLine id, from the order or reviewableLines). */
  orderLineId: Scalars['ID']['input'];
  /** Stars. From 1 to 5. */
  rating: Scalars['Int']['input'];
  /** What you think of it; omitted or empty: the rating alone. Trimmed. At most 1,000 characters. */
  text?: InputMaybe<Scalars['String']['input']>;
};

export type StorefrontProductsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
}>;


export type StorefrontProductsQuery = { __typename?: 'Query', products: { __typename?: 'ProductConnection', nodes: Array<{ __typename?: 'Product', id: string, slug: string, name: string, priceRange: { __typename?: 'MoneyRange', min: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } }> } };

export type StorefrontProductPageQueryVariables = Exact<{
  slug: Scalars['String']['input'];
}>;


export type StorefrontProductPageQuery = { __typename?: 'Query', product?: { __typename?: 'Product', id: string, name: string, skus: Array<{ __typename?: 'Sku', id: string, code: string, inStock: boolean, price: { __typename?: 'Money', amount: string }, specs: Array<{ __typename?: 'SpecValue', name: string, value: string }> }> } | null };

export type StorefrontRegisterMutationVariables = Exact<{
  input: RegisterInput;
}>;


export type StorefrontRegisterMutation = { __typename?: 'Mutation', register: { __typename?: 'AuthPayload', tokens?: { __typename?: 'AuthTokens', accessToken: string } | null, userErrors: Array<{ __typename?: 'AccountUserError', code: AccountErrorCode, message: string }> } };

export type StorefrontLoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type StorefrontLoginMutation = { __typename?: 'Mutation', login: { __typename?: 'AuthPayload', tokens?: { __typename?: 'AuthTokens', accessToken: string } | null, userErrors: Array<{ __typename?: 'AccountUserError', code: AccountErrorCode, message: string }> } };

export type StorefrontAddToCartMutationVariables = Exact<{
  lines: Array<LineInput> | LineInput;
}>;


export type StorefrontAddToCartMutation = { __typename?: 'Mutation', addCartLines: { __typename?: 'CartPayload', cart?: { __typename?: 'Cart', id: string, lines: Array<{ __typename?: 'CartLine', quantity: number }>, cost: { __typename?: 'PriceBreakdown', total: { __typename?: 'Money', amount: string } } } | null, userErrors: Array<{ __typename?: 'OrderUserError', code: OrderErrorCode, message: string }> } };

export type StorefrontCheckoutMutationVariables = Exact<{
  input: CheckoutInput;
}>;


export type StorefrontCheckoutMutation = { __typename?: 'Mutation', checkout: { __typename?: 'OrderPayload', order?: { __typename?: 'Order', id: string, number: string, status: OrderStatus, paymentDueAt?: string | null, cost: { __typename?: 'PriceBreakdown', total: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } } | null, userErrors: Array<{ __typename?: 'OrderUserError', code: OrderErrorCode, message: string }> } };

export type StorefrontPayOrderMutationVariables = Exact<{
  input: PayOrderInput;
}>;


export type StorefrontPayOrderMutation = { __typename?: 'Mutation', payOrder: { __typename?: 'PaymentPayload', payment?: { __typename?: 'Payment', redirectUrl?: string | null, token?: string | null } | null, userErrors: Array<{ __typename?: 'PaymentUserError', code: PaymentErrorCode, message: string }> } };

export type StorefrontOrderQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type StorefrontOrderQuery = { __typename?: 'Query', order?: { __typename?: 'Order', number: string, status: OrderStatus, paidAt?: string | null, cost: { __typename?: 'PriceBreakdown', total: { __typename?: 'Money', amount: string } }, lines: Array<{ __typename?: 'OrderLine', quantity: number, total: { __typename?: 'Money', amount: string } }> } | null };

export type StorefrontShareProductMutationVariables = Exact<{
  productId: Scalars['ID']['input'];
}>;


export type StorefrontShareProductMutation = { __typename?: 'Mutation', createShareLink: { __typename?: 'ShareLinkPayload', shareLink?: { __typename?: 'ShareLink', token: string } | null, userErrors: Array<{ __typename?: 'AttributionUserError', code: AttributionErrorCode, message: string }> } };

export type StorefrontArriveThroughLinkMutationVariables = Exact<{
  token: Scalars['String']['input'];
}>;


export type StorefrontArriveThroughLinkMutation = { __typename?: 'Mutation', recordShareTouch: { __typename?: 'RecordShareTouchPayload', userErrors: Array<{ __typename?: 'AttributionUserError', code: AttributionErrorCode, message: string }> } };

export type StorefrontMyEarningsQueryVariables = Exact<{ [key: string]: never; }>;


export type StorefrontMyEarningsQuery = { __typename?: 'Query', myEarnings?: { __typename?: 'MyEarnings', summary: { __typename?: 'EarningsSummary', pending: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }, entries: { __typename?: 'EarningEntryConnection', nodes: Array<{ __typename?: 'EarningEntry', orderNumber?: string | null, source: EarningSource, level?: number | null, state?: EarningState | null, explanation: string, amount: { __typename?: 'Money', amount: string } }> } } | null };


export const StorefrontProductsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StorefrontProducts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"products"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"EnumValue","value":"BEST_SELLING"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"inStock"},"value":{"kind":"BooleanValue","value":true}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"priceRange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"min"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontProductsQuery, StorefrontProductsQueryVariables>;
export const StorefrontProductPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StorefrontProductPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"slug"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"slug"},"value":{"kind":"Variable","name":{"kind":"Name","value":"slug"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"skus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"inStock"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"specs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontProductPageQuery, StorefrontProductPageQueryVariables>;
export const StorefrontRegisterDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StorefrontRegister"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"register"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tokens"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontRegisterMutation, StorefrontRegisterMutationVariables>;
export const StorefrontLoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StorefrontLogin"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LoginInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tokens"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontLoginMutation, StorefrontLoginMutationVariables>;
export const StorefrontAddToCartDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StorefrontAddToCart"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"lines"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LineInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addCartLines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"lines"},"value":{"kind":"Variable","name":{"kind":"Name","value":"lines"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontAddToCartMutation, StorefrontAddToCartMutationVariables>;
export const StorefrontCheckoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StorefrontCheckout"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CheckoutInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"checkout"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"paymentDueAt"}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontCheckoutMutation, StorefrontCheckoutMutationVariables>;
export const StorefrontPayOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StorefrontPayOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PayOrderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"redirectUrl"}},{"kind":"Field","name":{"kind":"Name","value":"token"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontPayOrderMutation, StorefrontPayOrderMutationVariables>;
export const StorefrontOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StorefrontOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"paidAt"}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontOrderQuery, StorefrontOrderQueryVariables>;
export const StorefrontShareProductDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StorefrontShareProduct"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"productId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createShareLink"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"entry"},"value":{"kind":"EnumValue","value":"PRODUCT"}},{"kind":"Argument","name":{"kind":"Name","value":"targetId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"productId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"shareLink"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontShareProductMutation, StorefrontShareProductMutationVariables>;
export const StorefrontArriveThroughLinkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StorefrontArriveThroughLink"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"token"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordShareTouch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"token"},"value":{"kind":"Variable","name":{"kind":"Name","value":"token"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontArriveThroughLinkMutation, StorefrontArriveThroughLinkMutationVariables>;
export const StorefrontMyEarningsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StorefrontMyEarnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myEarnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"summary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pending"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"entries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderNumber"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"explanation"}}]}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontMyEarningsQuery, StorefrontMyEarningsQueryVariables>;