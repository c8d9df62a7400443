import { Field, ID, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { UserError } from '../../lib/errors';
import { Money } from '../../lib/money';
import { Node } from '../../lib/node';
import { ConnectionType } from '../../lib/pagination';
import { Product, Sku } from '../catalog/types';
import { PriceReasonEnum } from '../orders/types';
import type { StoredBlock } from './blocks';
import { ContentErrorCode, contentErrorCodeDescriptions } from './errors';
import { ArticleSort } from './reads';

/** The content module's GraphQL types: articles, their blocks and the products their cards feature. */

export enum ArticleStatusEnum {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  UNPUBLISHED = 'UNPUBLISHED',
  HIDDEN = 'HIDDEN',
}
registerEnumType(ArticleStatusEnum, {
  name: 'ArticleStatus',
  description: 'Where an article stands: DRAFT → PUBLISHED ⇄ UNPUBLISHED (its author), PUBLISHED ⇄ HIDDEN (an operator, with a reason).',
  valuesConfig: {
    DRAFT: { description: 'Being written; never published. Seen by its author and operators only.' },
    PUBLISHED: { description: 'Shown to storefronts.' },
    UNPUBLISHED: { description: 'Taken down by its author; they may publish it again.' },
    HIDDEN: { description: 'Taken down by an operator, with a reason its author sees; only an operator brings it back.' },
  },
});

registerEnumType(ArticleSort, {
  name: 'ArticleSort',
  description: 'Order of an article listing.',
  valuesConfig: {
    NEWEST: { description: 'Latest first publication first.' },
    MOST_SOLD: {
      description:
        "Highest paid sales of the lines checkout attributed to the article's cards first (net of refunds; counted from the order events, a moment after payment), then by id, newest first.",
    },
  },
});

export enum ArticleProductAvailability {
  AVAILABLE = 'AVAILABLE',
  PREVIEW = 'PREVIEW',
  SOLD_OUT = 'SOLD_OUT',
  UNAVAILABLE = 'UNAVAILABLE',
}
registerEnumType(ArticleProductAvailability, {
  name: 'ArticleProductAvailability',
  description: 'Whether a featured product can be bought now.',
  valuesConfig: {
    AVAILABLE: { description: 'On sale and in stock.' },
    PREVIEW: { description: 'Published as a preview (商品预告): on sale once product.saleStartsAt comes.' },
    SOLD_OUT: { description: "On sale, but out of stock (the card's SKU, or every SKU)." },
    UNAVAILABLE: {
      description: 'Off sale, or not published at all: an off-sale product still shows; of one that is not published nothing shows (product is null).',
    },
  },
});

registerEnumType(ContentErrorCode, {
  name: 'ContentErrorCode',
  description: 'Why a content mutation was refused.',
  valuesConfig: contentErrorCodeDescriptions,
});

@ObjectType({ description: 'The author of an article, as readers see them.' })
export class ArticleAuthor {
  @Field(() => ID, { description: "Opaque id of the author, for `articles(filter: { authorId })`: their articles' listing." })
  id: string;

  @Field({ description: 'The author\'s public name (a name they never chose shows masked, e.g. "z**").' })
  name: string;

  @Field(() => String, { nullable: true, description: "https:// URL of the author's avatar (their shop's); null when none." })
  avatarUrl: string | null;
}

@ObjectType({
  description: 'A content-guide article (导购文章) by a member or KOL: title, cover, summary, tags and a body of blocks with product cards.',
  implements: Node,
})
export class Article extends Node {
  __typename: 'Article';
  dbId: string;
  authorDbId: string;
  storedBlocks: StoredBlock[];
  storedHiddenReason: string | null;

  @Field({ description: 'URL name of the article, unique: use with `article(slug:)`.' })
  slug: string;

  @Field({ description: 'The title.' })
  title: string;

  @Field({ description: 'A short summary for listings; may be empty.' })
  summary: string;

  @Field(() => String, { nullable: true, description: 'http(s) URL of the cover image; null when none.' })
  coverImageUrl: string | null;

  @Field(() => [String], { description: 'Lower-case tags.' })
  tags: string[];

  @Field(() => ArticleStatusEnum, { description: 'Where the article stands; storefronts only ever see PUBLISHED ones.' })
  status: ArticleStatusEnum;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description: 'When it was first published (kept when it is unpublished and published again); null for a draft.',
  })
  publishedAt: Date | null;

  @Field(() => ArticleAuthor, { description: 'Who wrote it.' })
  author: ArticleAuthor;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was created.' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was last changed.' })
  updatedAt: Date;
}

@InterfaceType({
  description: 'One block of an article body, in reading order. Its id stays the same across edits for as long as the author keeps the block.',
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class ArticleBlock {
  @Field(() => ID, {
    description: 'Stable id of the block: pass it back in ArticleBlockInput.id to keep the block (its link token and funnel counts) when editing.',
  })
  id: string;
}

/** What every block view carries besides its fields: which article and author it belongs to. */
interface BlockContext {
  __typename: string;
  blockDbId: string;
  articleDbId: string;
  authorDbId: string;
}

@ObjectType({ description: 'A styled piece of text: draw `text` with these styles; never render it as HTML.' })
export class TextSpan {
  @Field({ description: 'The text, as written (line breaks included).' })
  text: string;

  @Field({ description: 'Bold (**…**).' })
  bold: boolean;

  @Field({ description: 'Italic (*…*).' })
  italic: boolean;

  @Field(() => String, { nullable: true, description: 'The absolute http(s) URL the span links to ([…](…)); null when it is not a link.' })
  link: string | null;
}

@ObjectType({ description: 'A paragraph of text with inline markup.', implements: ArticleBlock })
export class ParagraphBlock extends ArticleBlock implements BlockContext {
  __typename: 'ParagraphBlock';
  blockDbId: string;
  articleDbId: string;
  authorDbId: string;

  @Field({
    description:
      'The text as the author wrote it, with its inline markup: **bold**, *italic*, [label](https://…) and \\ before * [ ] ( ) \\ for the character itself. For editing; show `spans`.',
  })
  text: string;

  @Field(() => [TextSpan], { description: 'The text as styled spans, in order: what to show.' })
  spans: TextSpan[];
}

@ObjectType({ description: 'A section heading (plain text).', implements: ArticleBlock })
export class HeadingBlock extends ArticleBlock implements BlockContext {
  __typename: 'HeadingBlock';
  blockDbId: string;
  articleDbId: string;
  authorDbId: string;

  @Field({ description: 'The heading.' })
  text: string;

  @Field(() => Int, { description: 'Its level: 2 for a section, 3 for a subsection (the title is level 1).' })
  level: number;
}

@ObjectType({ description: 'An image.', implements: ArticleBlock })
export class ImageBlock extends ArticleBlock implements BlockContext {
  __typename: 'ImageBlock';
  blockDbId: string;
  articleDbId: string;
  authorDbId: string;

  @Field({ description: 'http(s) URL of the image.' })
  url: string;

  @Field({ description: 'Text alternative for screen readers; may be empty.' })
  alt: string;

  @Field({ description: 'Caption under the image (plain text); may be empty.' })
  caption: string;
}

@ObjectType({ description: 'A quotation, with inline markup like a paragraph.', implements: ArticleBlock })
export class QuoteBlock extends ArticleBlock implements BlockContext {
  __typename: 'QuoteBlock';
  blockDbId: string;
  articleDbId: string;
  authorDbId: string;

  @Field({ description: 'The quotation as written, with its inline markup (see ParagraphBlock.text). For editing; show `spans`.' })
  text: string;

  @Field(() => [TextSpan], { description: 'The quotation as styled spans.' })
  spans: TextSpan[];

  @Field({ description: 'Who said it (plain text); may be empty.' })
  source: string;
}

@ObjectType({
  description:
    'A product an article features, live: its current status, stock and the price this viewer would pay. A product that is not published shows as UNAVAILABLE with product null, never its draft.',
})
export class ArticleProduct {
  @Field(() => Product, { nullable: true, description: 'The product; null when it is not published (a draft) or no longer exists.' })
  product: Product | null;

  @Field(() => Sku, { nullable: true, description: "The card's SKU when the author chose one; null for the product as a whole (and in grids)." })
  sku: Sku | null;

  @Field(() => ArticleProductAvailability, { description: 'Whether it can be bought now.' })
  availability: ArticleProductAvailability;

  @Field(() => Money, {
    nullable: true,
    description:
      "What this viewer pays for one unit before promotions and coupons — the card's SKU, or the product's lowest-priced SKU (\"from\"): the member price for members, the author's shop price where the author's shop carries the product (inside its price-control band), else retail. Null when UNAVAILABLE.",
  })
  price: Money | null;

  @Field(() => PriceReasonEnum, { nullable: true, description: 'Why `price` is what it is (RETAIL, MEMBER_PRICE or SHOP_PRICE); null with the price.' })
  priceReason: PriceReasonEnum | null;

  @Field(() => Money, { nullable: true, description: 'The retail price of the same SKU, to show a lower price against; null with the price.' })
  retailPrice: Money | null;

  @Field({ description: "In stock: the card's SKU, or any SKU of the product." })
  inStock: boolean;
}

@ObjectType({ description: "A product card: one product (optionally one SKU) with the author's pitch and a buy link.", implements: ArticleBlock })
export class ProductCardBlock extends ArticleBlock implements BlockContext {
  __typename: 'ProductCardBlock';
  blockDbId: string;
  articleDbId: string;
  authorDbId: string;
  productDbId: string;
  skuDbId: string | null;

  @Field({ description: "The author's short pitch (plain text); may be empty." })
  pitch: string;
}

@ObjectType({ description: 'A grid of several products, with a buy link.', implements: ArticleBlock })
export class ProductGridBlock extends ArticleBlock implements BlockContext {
  __typename: 'ProductGridBlock';
  blockDbId: string;
  articleDbId: string;
  authorDbId: string;
  productDbIds: string[];

  @Field({ description: 'Title over the grid (plain text); may be empty.' })
  title: string;
}

@ObjectType({
  description:
    "A buyer's review (晒单) the author features: `review` is the review while it is public (the reviews module resolves it); a hidden or deleted one shows as null.",
  implements: ArticleBlock,
})
export class ReviewBlock extends ArticleBlock implements BlockContext {
  __typename: 'ReviewBlock';
  reviewDbId: string;
  blockDbId: string;
  articleDbId: string;
  authorDbId: string;

  @Field(() => ID, { description: 'The featured review (a Review id, as the author gave it).' })
  reviewId: string;
}

@ObjectType('ContentAuthor', { description: 'An account an operator made a content author.' })
export class ContentAuthorType {
  @Field(() => ID, { description: 'The account (usable with node(id:) by operators).' })
  accountId: string;

  @Field({ description: 'Their display name.' })
  displayName: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When they were made an author.' })
  grantedAt: Date;
}

export const ArticleConnection = ConnectionType(Article, 'Article', 'article');
export const ContentAuthorConnection = ConnectionType(ContentAuthorType, 'ContentAuthor', 'content author');

@ObjectType({ description: 'A refused content mutation.', implements: UserError })
export class ContentUserError extends UserError {
  @Field(() => ContentErrorCode, { description: 'What kind of failure this is.' })
  code: ContentErrorCode;
}

@ObjectType({ description: 'Result of writing, publishing, unpublishing, hiding or unhiding an article.' })
export class ArticlePayload {
  @Field(() => Article, { nullable: true, description: 'The article as it is now; null when refused.' })
  article: Article | null;

  @Field(() => [ContentUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: ContentUserError[];
}

@ObjectType({ description: 'Result of making an account a content author, or of revoking it.' })
export class ContentAuthorPayload {
  @Field(() => ContentAuthorType, { nullable: true, description: 'The author after a grant; null after a revoke or when refused.' })
  author: ContentAuthorType | null;

  @Field(() => [ContentUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: ContentUserError[];
}

@ObjectType({ description: 'Result of recording a view, click or add-to-cart for the funnel.' })
export class RecordContentEventPayload {
  @Field({ description: 'It was counted.' })
  recorded: boolean;

  @Field(() => [ContentUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: ContentUserError[];
}
