import { Field, ID, InputType, Int } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import {
  MAX_ALT_LENGTH,
  MAX_BLOCKS,
  MAX_CAPTION_LENGTH,
  MAX_GRID_PRODUCTS,
  MAX_GRID_TITLE_LENGTH,
  MAX_HEADING_LENGTH,
  MAX_PARAGRAPH_LENGTH,
  MAX_PITCH_LENGTH,
  MAX_QUOTE_LENGTH,
  MAX_QUOTE_SOURCE_LENGTH,
  MAX_SLUG_LENGTH,
  MAX_SUMMARY_LENGTH,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
} from './rules';
import { ArticleStatusEnum } from './types';

/** What authors send: an article and its blocks. Bounds are in the descriptions (lib/bounds); shapes are checked by rules.ts and blocks.ts. */

const MARKUP =
  'Plain text with inline markup: **bold**, *italic*, [label](https://…); \\ before * [ ] ( ) \\ writes the character itself. No HTML, links to http(s) only.';

@InputType({ description: 'A paragraph.' })
export class ParagraphBlockInput {
  @Field(maxChars(MAX_PARAGRAPH_LENGTH, `The text, not empty. ${MARKUP}`))
  text: string;
}

@InputType({ description: 'A section heading.' })
export class HeadingBlockInput {
  @Field(maxChars(MAX_HEADING_LENGTH, 'The heading, plain text, not empty.'))
  text: string;

  @Field(() => Int, { nullable: true, ...range(2, 3, 'Level: 2 for a section (the default), 3 for a subsection.') })
  level?: number | null;
}

@InputType({ description: 'An image.' })
export class ImageBlockInput {
  @Field(maxChars(MAX_URL_LENGTH, 'Absolute http:// or https:// URL of the image.'))
  url: string;

  @Field(() => String, { nullable: true, ...maxChars(MAX_ALT_LENGTH, 'Text alternative for screen readers, plain text.') })
  alt?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_CAPTION_LENGTH, 'Caption, plain text.') })
  caption?: string | null;
}

@InputType({ description: 'A quotation.' })
export class QuoteBlockInput {
  @Field(maxChars(MAX_QUOTE_LENGTH, `The quotation, not empty. ${MARKUP}`))
  text: string;

  @Field(() => String, { nullable: true, ...maxChars(MAX_QUOTE_SOURCE_LENGTH, 'Who said it, plain text.') })
  source?: string | null;
}

@InputType({ description: 'A product card: one published product, optionally one of its SKUs, with your pitch.' })
export class ProductCardBlockInput {
  @Field(() => ID, { description: 'The product (published: on sale or a preview).' })
  productId: string;

  @Field(() => ID, { nullable: true, description: 'One SKU of that product to feature; omitted: the product as a whole.' })
  skuId?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_PITCH_LENGTH, 'Your short pitch, plain text.') })
  pitch?: string | null;
}

@InputType({ description: 'A grid of several published products.' })
export class ProductGridBlockInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_GRID_TITLE_LENGTH, 'Title over the grid, plain text.') })
  title?: string | null;

  @Field(() => [ID], maxItems(MAX_GRID_PRODUCTS, 'The products, in order, each once; at least one.'))
  productIds: string[];
}

@InputType({ description: "A buyer's review (晒单) to feature." })
export class ReviewBlockInput {
  @Field(() => ID, { description: 'The review (a Review id).' })
  reviewId: string;
}

@InputType({
  description:
    'One block of an article body: give exactly one of paragraph, heading, image, quote, productCard, productGrid and review. Give `id` to keep an existing block (its link token and funnel counts go with it).',
})
export class ArticleBlockInput {
  @Field(() => ID, { nullable: true, description: 'The id of a block of this article to keep (ArticleBlock.id); omitted: a new block.' })
  id?: string | null;

  @Field(() => ParagraphBlockInput, { nullable: true, description: 'A paragraph.' })
  paragraph?: ParagraphBlockInput | null;

  @Field(() => HeadingBlockInput, { nullable: true, description: 'A heading.' })
  heading?: HeadingBlockInput | null;

  @Field(() => ImageBlockInput, { nullable: true, description: 'An image.' })
  image?: ImageBlockInput | null;

  @Field(() => QuoteBlockInput, { nullable: true, description: 'A quotation.' })
  quote?: QuoteBlockInput | null;

  @Field(() => ProductCardBlockInput, { nullable: true, description: 'A product card.' })
  productCard?: ProductCardBlockInput | null;

  @Field(() => ProductGridBlockInput, { nullable: true, description: 'A product grid.' })
  productGrid?: ProductGridBlockInput | null;

  @Field(() => ReviewBlockInput, { nullable: true, description: 'A featured review.' })
  review?: ReviewBlockInput | null;
}

@InputType({ description: 'A new article (a draft until you publish it).' })
export class ArticleCreateInput {
  @Field(maxChars(MAX_TITLE_LENGTH, 'The title, not empty.'))
  title: string;

  @Field(() => String, {
    nullable: true,
    ...maxChars(MAX_SLUG_LENGTH, 'URL name: lower-case letters, digits and single hyphens, unique; omitted: a random one ("a-…").'),
  })
  slug?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_SUMMARY_LENGTH, 'A short summary for listings, plain text.') })
  summary?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_URL_LENGTH, 'Absolute http:// or https:// URL of the cover image.') })
  coverImageUrl?: string | null;

  @Field(() => [String], { nullable: true, ...maxItems(MAX_TAGS, 'Tags, stored lower-cased, each once.', { maxLength: MAX_TAG_LENGTH }) })
  tags?: string[] | null;

  @Field(() => [ArticleBlockInput], maxItems(MAX_BLOCKS, 'The body, in reading order.'))
  blocks: ArticleBlockInput[];
}

@InputType({ description: 'Changes to an article; what is omitted stays as it is. `blocks` replaces the whole body.' })
export class ArticleUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_TITLE_LENGTH, 'The title, not empty.') })
  title?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_SLUG_LENGTH, 'URL name: lower-case letters, digits and single hyphens, unique.') })
  slug?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_SUMMARY_LENGTH, 'A short summary for listings, plain text.') })
  summary?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_URL_LENGTH, 'Absolute http:// or https:// URL of the cover image; an empty string removes it.') })
  coverImageUrl?: string | null;

  @Field(() => [String], { nullable: true, ...maxItems(MAX_TAGS, 'Tags, stored lower-cased, each once; replaces them all.', { maxLength: MAX_TAG_LENGTH }) })
  tags?: string[] | null;

  @Field(() => [ArticleBlockInput], {
    nullable: true,
    ...maxItems(MAX_BLOCKS, 'The whole body, in reading order: blocks given with their id are kept, blocks left out are removed.'),
  })
  blocks?: ArticleBlockInput[] | null;
}

@InputType({ description: 'Filters of an article listing; all given must match.' })
export class ArticleFilterInput {
  @Field(() => ID, { nullable: true, description: "Only this author's (an ArticleAuthor.id)." })
  authorId?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_TAG_LENGTH, 'Only articles with this tag (case does not matter).') })
  tag?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only articles featuring this product in a card or grid.' })
  productId?: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Only articles first published at or after this time.' })
  publishedAfter?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Only articles first published before this time.' })
  publishedBefore?: Date | null;
}

@InputType({ description: "Filters of the operators' list of every article; all given must match." })
export class AllArticlesFilterInput {
  @Field(() => ID, { nullable: true, description: "Only this author's (an ArticleAuthor.id)." })
  authorId?: string | null;

  @Field(() => [ArticleStatusEnum], { nullable: true, ...maxItems(4, 'Only articles in these states; omitted: all.') })
  statuses?: ArticleStatusEnum[] | null;
}
