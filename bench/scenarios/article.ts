import { DEMO } from '../../src/db/demo-data';
import { signIn } from '../lib/accounts';
import type { Api } from '../lib/api';
import type { Scenario } from '../lib/scenario';
import { RUN_TAG } from '../lib/settings';

/**
 * An article page as a storefront reads it: the body, and every product card and grid item with its
 * product (name, images, SKU prices), its live price for the viewer and the card's link token. The
 * page is one SQL statement whatever its number of cards.
 */
const ARTICLE_PAGE = `query($slug: String!) {
  article(slug: $slug) {
    id title summary coverImageUrl tags publishedAt author { name avatarUrl }
    blocks {
      id __typename
      ... on HeadingBlock { text level }
      ... on ParagraphBlock { spans { text bold italic link } }
      ... on ImageBlock { url alt caption }
      ... on QuoteBlock { spans { text bold italic link } source }
      ... on ProductCardBlock { pitch linkToken item { availability inStock price { amount currencyCode } priceReason retailPrice { amount } product { id name slug images { url } skus { id price { amount } inStock } } } }
      ... on ProductGridBlock { title linkToken items { availability inStock price { amount } product { id name slug images { url } } } }
    }
  }
}`;

/** Cards in the larger article the bench writes through the API (as the demo KOL). */
const CARDS = 24;

/** The demo KOL writes and publishes an article of CARDS cards over on-sale products of the demo catalog; answers its slug. */
async function largeArticle(api: Api): Promise<string> {
  const kol = await signIn(api, DEMO.authorEmail, DEMO.authorPassword, true);
  const headers = { authorization: `Bearer ${kol.accessToken}` };
  const { products } = await api.graphql<{ products: { nodes: { id: string }[] } }>({
    query: `query { products(first: ${CARDS}, filter: { statuses: [ON_SALE] }) { nodes { id } } }`,
  });
  const slug = `bench-article-${RUN_TAG}`;
  const blocks = products.nodes.flatMap((p, i) => [
    { paragraph: { text: `Pick **${i + 1}**: why I keep buying it.` } },
    { productCard: { productId: p.id, pitch: `Pick ${i + 1}` } },
  ]);
  const created = await api.graphql<{ createArticle: { article: { id: string } | null; userErrors: { message: string }[] } }>({
    query: 'mutation($input: ArticleCreateInput!) { createArticle(input: $input) { article { id } userErrors { message } } }',
    variables: { input: { title: `Bench: ${CARDS} picks`, slug, blocks } },
    headers,
  });
  if (!created.createArticle.article) throw new Error(`createArticle: ${created.createArticle.userErrors.map((e) => e.message).join('; ')}`);
  await api.graphql({
    query: 'mutation($id: ID!) { publishArticle(id: $id) { userErrors { message } } }',
    variables: { id: created.createArticle.article.id },
    headers,
  });
  return slug;
}

export const articlePage: Scenario = {
  name: 'article page (demo: 3 cards + grid of 4)',
  connections: [16, 64],
  operation: async () => ({ query: ARTICLE_PAGE, variables: { slug: DEMO.articleSlug } }),
};

export const largeArticlePage: Scenario = {
  name: `article page (${CARDS} cards)`,
  connections: [16, 64],
  operation: async (api) => ({ query: ARTICLE_PAGE, variables: { slug: await largeArticle(api) } }),
};
