import type { Harness } from './harness';
import { customer, member, type Person } from './social';

/** Authors, articles and their reads over HTTP, for the content tests. */

export const SPANS = 'spans { text bold italic link }';
export const ITEM = 'availability inStock price { amount } priceReason retailPrice { amount } product { id name status } sku { id }';
export const BLOCKS = `blocks { __typename id
  ... on ParagraphBlock { text ${SPANS} }
  ... on HeadingBlock { text level }
  ... on ImageBlock { url alt caption }
  ... on QuoteBlock { text ${SPANS} source }
  ... on ProductCardBlock { pitch linkToken item { ${ITEM} } }
  ... on ProductGridBlock { title linkToken items { ${ITEM} } }
  ... on ReviewBlock { reviewId } }`;
export const ARTICLE = `id slug title summary coverImageUrl tags status publishedAt hiddenReason author { id name avatarUrl } ${BLOCKS}`;

const PAYLOAD = `article { ${ARTICLE} } userErrors { code field message }`;
export const CREATE = `mutation($input: ArticleCreateInput!) { createArticle(input: $input) { ${PAYLOAD} } }`;
export const UPDATE = `mutation($id: ID!, $input: ArticleUpdateInput!) { updateArticle(id: $id, input: $input) { ${PAYLOAD} } }`;
export const PUBLISH = `mutation($id: ID!) { publishArticle(id: $id) { ${PAYLOAD} } }`;
export const UNPUBLISH = `mutation($id: ID!) { unpublishArticle(id: $id) { ${PAYLOAD} } }`;
export const HIDE = `mutation($id: ID!, $reason: String!) { hideArticle(id: $id, reason: $reason) { ${PAYLOAD} } }`;
export const UNHIDE = `mutation($id: ID!) { unhideArticle(id: $id) { ${PAYLOAD} } }`;
export const BY_SLUG = `query($slug: String!) { article(slug: $slug) { ${ARTICLE} } }`;
export const GRANT = 'mutation($id: ID!) { grantAuthor(accountId: $id) { author { accountId displayName grantedAt } userErrors { code field message } } }';
export const REVOKE = 'mutation($id: ID!) { revokeAuthor(accountId: $id) { author { accountId } userErrors { code field message } } }';
export const VIEW = 'mutation($slug: String!, $v: String!) { recordArticleView(slug: $slug, visitorId: $v) { recorded userErrors { code field message } } }';
export const CLICK = 'mutation($a: ID!, $b: ID!) { recordCardClick(articleId: $a, blockId: $b) { recorded userErrors { code field message } } }';
export const ADD_TO_CART = 'mutation($a: ID!, $b: ID!) { recordCardAddToCart(articleId: $a, blockId: $b) { recorded userErrors { code field message } } }';

export const accountId = (id: string) => Buffer.from(`Account:${id}`).toString('base64url');

/** A new account made a content author by the operator: a member (with a shop to come) or a customer (a KOL who is not one). */
export async function author(h: Harness, op: string, name: string, as: 'member' | 'customer' = 'member'): Promise<Person> {
  const person = as === 'member' ? await member(h, name) : await customer(h, name);
  const res = await h.gql(GRANT, { id: accountId(person.id) }, { token: op, key: null });
  if (res.data?.grantAuthor?.userErrors?.length !== 0) throw new Error(`grantAuthor: ${JSON.stringify(res.body)}`);
  return person;
}

export const paragraph = (text: string) => ({ paragraph: { text } });
export const card = (productId: string, pitch = '', skuId?: string) => ({ productCard: { productId, skuId, pitch } });

/** Writes an article and answers it; throws on userErrors. */
export async function article(h: Harness, token: string, input: Record<string, unknown>) {
  const res = await h.gql(CREATE, { input: { title: 'An article', ...input } }, { token });
  if (res.data?.createArticle?.userErrors?.length !== 0) throw new Error(`createArticle: ${JSON.stringify(res.body)}`);
  return res.data.createArticle.article;
}

/** Writes and publishes an article; answers it as published. */
export async function published(h: Harness, token: string, input: Record<string, unknown>) {
  const written = await article(h, token, input);
  const res = await h.gql(PUBLISH, { id: written.id }, { token });
  if (res.data?.publishArticle?.userErrors?.length !== 0) throw new Error(`publishArticle: ${JSON.stringify(res.body)}`);
  return res.data.publishArticle.article;
}

export const slug = (stem: string) => `${stem}-${Math.random().toString(36).slice(2, 8)}`;
