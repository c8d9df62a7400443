import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { graphql } from './gql';
import type { CheckoutInput } from './gql/graphql';

/**
 * A storefront's whole buyer path through the API with nothing but `fetch` and typed documents
 * (graphql-codegen's client preset, gql/): browse, add to cart, check out, pay through the sandbox
 * provider, read the order; then a member shares a product link, a second buyer buys through it,
 * and the member sees the commission pending. Every document below is checked against the schema
 * when gql/ is generated, and every result and variable is typed from it.
 *
 * Run it against a running API (README.md beside this file), or call runBuyerPath: the project's
 * tests run it against the test server on every `npm test`.
 */

/** GraphQL over HTTP: one POST per operation, the storefront key always, the buyer's token when signed in. */
export class StorefrontClient {
  constructor(
    /** The API's base URL, e.g. http://localhost:4000. */
    readonly url: string,
    private readonly storefrontKey: string,
  ) {}

  async request<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables, token?: string): Promise<Result> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-storefront-key': this.storefrontKey };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(new URL('/graphql', this.url), { method: 'POST', headers, body: JSON.stringify({ query: print(document), variables }) });
    const body = (await res.json()) as { data?: Result | null; errors?: { message: string; extensions?: { code?: string } }[] };
    // Top-level errors: authentication, a malformed request, limits, the unexpected (README "How clients talk to it").
    if (body.errors?.length || !body.data) {
      throw new Error(`GraphQL ${res.status}: ${(body.errors ?? []).map((e) => `${e.extensions?.code ?? 'ERROR'} ${e.message}`).join('; ')}`);
    }
    return body.data;
  }
}

/** A mutation's payload: its result, or the business failures it was refused with (nothing changed then). */
function accepted<T extends { userErrors: readonly { code: string; message: string }[] }>(what: string, payload: T): T {
  if (payload.userErrors.length) throw new Error(`${what} refused: ${payload.userErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return payload;
}

const Products = graphql(`
  query StorefrontProducts($first: Int!) {
    products(first: $first, sort: BEST_SELLING, filter: { inStock: true }) {
      nodes {
        id
        slug
        name
        priceRange {
          min {
            amount
            currencyCode
          }
        }
      }
    }
  }
`);

const ProductPage = graphql(`
  query StorefrontProductPage($slug: String!) {
    product(slug: $slug) {
      id
      name
      skus {
        id
        code
        inStock
        price {
          amount
        }
        specs {
          name
          value
        }
      }
    }
  }
`);

const Register = graphql(`
  mutation StorefrontRegister($input: RegisterInput!) {
    register(input: $input) {
      tokens {
        accessToken
      }
      userErrors {
        code
        message
      }
    }
  }
`);

const Login = graphql(`
  mutation StorefrontLogin($input: LoginInput!) {
    login(input: $input) {
      tokens {
        accessToken
      }
      userErrors {
        code
        message
      }
    }
  }
`);

const AddToCart = graphql(`
  mutation StorefrontAddToCart($lines: [LineInput!]!) {
    addCartLines(lines: $lines) {
      cart {
        id
        lines {
          quantity
        }
        cost {
          total {
            amount
          }
        }
      }
      userErrors {
        code
        message
      }
    }
  }
`);

const Checkout = graphql(`
  mutation StorefrontCheckout($input: CheckoutInput!) {
    checkout(input: $input) {
      order {
        id
        number
        status
        paymentDueAt
        cost {
          total {
            amount
            currencyCode
          }
        }
      }
      userErrors {
        code
        message
      }
    }
  }
`);

const PayOrder = graphql(`
  mutation StorefrontPayOrder($input: PayOrderInput!) {
    payOrder(input: $input) {
      payment {
        redirectUrl
        token
      }
      userErrors {
        code
        message
      }
    }
  }
`);

const Order = graphql(`
  query StorefrontOrder($id: ID!) {
    order(id: $id) {
      number
      status
      paidAt
      cost {
        total {
          amount
        }
      }
      lines {
        quantity
        total {
          amount
        }
      }
    }
  }
`);

const ShareProduct = graphql(`
  mutation StorefrontShareProduct($productId: ID!) {
    createShareLink(entry: PRODUCT, targetId: $productId) {
      shareLink {
        token
      }
      userErrors {
        code
        message
      }
    }
  }
`);

const ArriveThroughLink = graphql(`
  mutation StorefrontArriveThroughLink($token: String!) {
    recordShareTouch(token: $token) {
      userErrors {
        code
        message
      }
    }
  }
`);

const MyEarnings = graphql(`
  query StorefrontMyEarnings {
    myEarnings {
      summary {
        pending {
          amount
          currencyCode
        }
      }
      entries(first: 20) {
        nodes {
          orderNumber
          source
          level
          state
          amount {
            amount
          }
          explanation
        }
      }
    }
  }
`);

export interface BuyerPathOptions {
  /** The API's base URL, e.g. http://localhost:4000. */
  url: string;
  /** A storefront app's key (X-Storefront-Key). */
  storefrontKey: string;
  /** A member (login is an email or phone) who shares a link: operators make members (grantMembership, or a membership package). */
  member: { login: string; password: string };
  /** How long to wait for the commission, booked from the order's paid event a moment after payment. Default 10 s. */
  commissionWaitMs?: number;
  log?: (line: string) => void;
}

export interface PlacedOrder {
  number: string;
  status: string;
  total: string;
  lineTotals: string[];
}

export interface BuyerPathResult {
  product: { id: string; name: string };
  /** The first buyer's order, through the cart. */
  order: PlacedOrder;
  /** The second buyer's order, through the member's share link. */
  sharedOrder: PlacedOrder;
  shareToken: string;
  /** The member's pending earnings after the shared order, and the commission entries of that order. */
  pending: string;
  commission: { level: number | null; amount: string; explanation: string }[];
}

const ADDRESS = { name: '王五', phone: '13700137000', region: '北京市 朝阳区', detail: '建国路 88 号' };

export async function runBuyerPath(options: BuyerPathOptions): Promise<BuyerPathResult> {
  const api = new StorefrontClient(options.url, options.storefrontKey);
  const log = options.log ?? (() => undefined);

  // Browse: the best sellers in stock, then the first one's page with its SKUs.
  const { products } = await api.request(Products, { first: 5 });
  const listed = products.nodes[0];
  if (!listed) throw new Error('no product in stock');
  const { product } = await api.request(ProductPage, { slug: listed.slug });
  const sku = product?.skus.find((s) => s.inStock);
  if (!product || !sku) throw new Error(`no SKU of ${listed.slug} in stock`);
  log(`browsing: ${product.name}, SKU ${sku.code} at ${sku.price.amount}`);

  // A buyer signs up, fills a cart, checks out and pays.
  const buyer = await signUp(api, 'buyer');
  const { addCartLines } = await api.request(AddToCart, { lines: [{ skuId: sku.id, quantity: 2 }] }, buyer);
  const cart = accepted('addCartLines', addCartLines).cart!;
  log(`cart: ${cart.lines.length} line(s), ${cart.cost.total.amount}`);
  const order = await placeAndPay(api, buyer, { cartId: cart.id, shippingAddress: ADDRESS });
  log(`order ${order.number}: ${order.status}, ${order.total}`);

  // A member shares the product; a second buyer arrives through the link and buys.
  const { login } = await api.request(Login, { input: { login: options.member.login, password: options.member.password } });
  const member = accepted('login', login).tokens!.accessToken;
  const { createShareLink } = await api.request(ShareProduct, { productId: product.id }, member);
  const shareToken = accepted('createShareLink', createShareLink).shareLink!.token;
  log(`share link: ?share=${shareToken}`);
  const friend = await signUp(api, 'friend');
  accepted('recordShareTouch', (await api.request(ArriveThroughLink, { token: shareToken }, friend)).recordShareTouch);
  const sharedOrder = await placeAndPay(api, friend, { lines: [{ skuId: sku.id, quantity: 1 }], shareToken, shippingAddress: ADDRESS });
  log(`order ${sharedOrder.number} through the link: ${sharedOrder.status}, ${sharedOrder.total}`);

  // The member's commission on it, pending until the order completes and its frozen days pass.
  const deadline = Date.now() + (options.commissionWaitMs ?? 10_000);
  for (;;) {
    const { myEarnings } = await api.request(MyEarnings, {}, member);
    const commission = (myEarnings?.entries.nodes ?? []).filter((e) => e.orderNumber === sharedOrder.number && e.source.startsWith('COMMISSION'));
    if (myEarnings && commission.length) {
      log(`pending for the member: ${myEarnings.summary.pending.amount} ${myEarnings.summary.pending.currencyCode}`);
      return {
        product: { id: product.id, name: product.name },
        order,
        sharedOrder,
        shareToken,
        pending: myEarnings.summary.pending.amount,
        commission: commission.map((e) => ({ level: e.level ?? null, amount: e.amount.amount, explanation: e.explanation })),
      };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no commission on order ${sharedOrder.number} yet: are commission rates set (updateCommissionSettings), and is ${options.member.login} a member?`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function signUp(api: StorefrontClient, who: string): Promise<string> {
  const email = `${who}-${randomUUID().slice(0, 8)}@storefront.example`;
  const { register } = await api.request(Register, { input: { email, password: `${who}-pass-2026`, displayName: who } });
  return accepted('register', register).tokens!.accessToken;
}

/** Checkout, payOrder, the buyer paying on the sandbox provider's page, then the order as the buyer sees it. */
async function placeAndPay(api: StorefrontClient, token: string, input: Omit<CheckoutInput, 'idempotencyKey'>): Promise<PlacedOrder> {
  // The same idempotency key on a retry returns the first order instead of placing another.
  const { checkout } = await api.request(Checkout, { input: { ...input, idempotencyKey: `checkout-${randomUUID()}` } }, token);
  const placed = accepted('checkout', checkout).order!;
  const { payOrder } = await api.request(PayOrder, { input: { orderId: placed.id, idempotencyKey: `pay-${randomUUID()}` } }, token);
  const payment = accepted('payOrder', payOrder).payment!;
  // The sandbox's Pay button; a real provider's page (redirectUrl) or SDK (token) takes the buyer there.
  const paid = await fetch(new URL(`${payment.redirectUrl}/complete`, api.url), { method: 'POST' });
  if (!paid.ok) throw new Error(`sandbox payment: HTTP ${paid.status}`);
  const { order } = await api.request(Order, { id: placed.id }, token);
  if (!order) throw new Error(`order ${placed.number} not found`);
  return { number: order.number, status: order.status, total: order.cost.total.amount, lineTotals: order.lines.map((l) => l.total.amount) };
}

if (require.main === module) {
  const member = { login: process.env.MEMBER_LOGIN ?? '', password: process.env.MEMBER_PASSWORD ?? '' };
  runBuyerPath({
    url: process.env.API_URL ?? 'http://localhost:4000',
    storefrontKey: process.env.STOREFRONT_KEY ?? 'pk_demo_storefront_0000000000000',
    member,
    log: (line) => console.log(line),
  }).then(
    (result) => console.log(`commission pending on order ${result.sharedOrder.number}: ${result.commission.map((c) => c.amount).join(', ')}`),
    (err: Error) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
