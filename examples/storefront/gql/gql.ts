/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query StorefrontProducts($first: Int!) {\n    products(first: $first, sort: BEST_SELLING, filter: { inStock: true }) {\n      nodes {\n        id\n        slug\n        name\n        priceRange {\n          min {\n            amount\n            currencyCode\n          }\n        }\n      }\n    }\n  }\n": typeof types.StorefrontProductsDocument,
    "\n  query StorefrontProductPage($slug: String!) {\n    product(slug: $slug) {\n      id\n      name\n      skus {\n        id\n        code\n        inStock\n        price {\n          amount\n        }\n        specs {\n          name\n          value\n        }\n      }\n    }\n  }\n": typeof types.StorefrontProductPageDocument,
    "\n  mutation StorefrontRegister($input: RegisterInput!) {\n    register(input: $input) {\n      tokens {\n        accessToken\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": typeof types.StorefrontRegisterDocument,
    "\n  mutation StorefrontLogin($input: LoginInput!) {\n    login(input: $input) {\n      tokens {\n        accessToken\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": typeof types.StorefrontLoginDocument,
    "\n  mutation StorefrontAddToCart($lines: [LineInput!]!) {\n    addCartLines(lines: $lines) {\n      cart {\n        id\n        lines {\n          quantity\n        }\n        cost {\n          total {\n            amount\n          }\n        }\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": typeof types.StorefrontAddToCartDocument,
    "\n  mutation StorefrontCheckout($input: CheckoutInput!) {\n    checkout(input: $input) {\n      order {\n        id\n        number\n        status\n        paymentDueAt\n        cost {\n          total {\n            amount\n            currencyCode\n          }\n        }\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": typeof types.StorefrontCheckoutDocument,
    "\n  mutation StorefrontPayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      payment {\n        redirectUrl\n        token\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": typeof types.StorefrontPayOrderDocument,
    "\n  query StorefrontOrder($id: ID!) {\n    order(id: $id) {\n      number\n      status\n      paidAt\n      cost {\n        total {\n          amount\n        }\n      }\n      lines {\n        quantity\n        total {\n          amount\n        }\n      }\n    }\n  }\n": typeof types.StorefrontOrderDocument,
    "\n  mutation StorefrontShareProduct($productId: ID!) {\n    createShareLink(entry: PRODUCT, targetId: $productId) {\n      shareLink {\n        token\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": typeof types.StorefrontShareProductDocument,
    "\n  mutation StorefrontArriveThroughLink($token: String!) {\n    recordShareTouch(token: $token) {\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": typeof types.StorefrontArriveThroughLinkDocument,
    "\n  query StorefrontMyEarnings {\n    myEarnings {\n      summary {\n        pending {\n          amount\n          currencyCode\n        }\n      }\n      entries(first: 20) {\n        nodes {\n          orderNumber\n          source\n          level\n          state\n          amount {\n            amount\n          }\n          explanation\n        }\n      }\n    }\n  }\n": typeof types.StorefrontMyEarningsDocument,
};
const documents: Documents = {
    "\n  query StorefrontProducts($first: Int!) {\n    products(first: $first, sort: BEST_SELLING, filter: { inStock: true }) {\n      nodes {\n        id\n        slug\n        name\n        priceRange {\n          min {\n            amount\n            currencyCode\n          }\n        }\n      }\n    }\n  }\n": types.StorefrontProductsDocument,
    "\n  query StorefrontProductPage($slug: String!) {\n    product(slug: $slug) {\n      id\n      name\n      skus {\n        id\n        code\n        inStock\n        price {\n          amount\n        }\n        specs {\n          name\n          value\n        }\n      }\n    }\n  }\n": types.StorefrontProductPageDocument,
    "\n  mutation StorefrontRegister($input: RegisterInput!) {\n    register(input: $input) {\n      tokens {\n        accessToken\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": types.StorefrontRegisterDocument,
    "\n  mutation StorefrontLogin($input: LoginInput!) {\n    login(input: $input) {\n      tokens {\n        accessToken\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": types.StorefrontLoginDocument,
    "\n  mutation StorefrontAddToCart($lines: [LineInput!]!) {\n    addCartLines(lines: $lines) {\n      cart {\n        id\n        lines {\n          quantity\n        }\n        cost {\n          total {\n            amount\n          }\n        }\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": types.StorefrontAddToCartDocument,
    "\n  mutation StorefrontCheckout($input: CheckoutInput!) {\n    checkout(input: $input) {\n      order {\n        id\n        number\n        status\n        paymentDueAt\n        cost {\n          total {\n            amount\n            currencyCode\n          }\n        }\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": types.StorefrontCheckoutDocument,
    "\n  mutation StorefrontPayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      payment {\n        redirectUrl\n        token\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": types.StorefrontPayOrderDocument,
    "\n  query StorefrontOrder($id: ID!) {\n    order(id: $id) {\n      number\n      status\n      paidAt\n      cost {\n        total {\n          amount\n        }\n      }\n      lines {\n        quantity\n        total {\n          amount\n        }\n      }\n    }\n  }\n": types.StorefrontOrderDocument,
    "\n  mutation StorefrontShareProduct($productId: ID!) {\n    createShareLink(entry: PRODUCT, targetId: $productId) {\n      shareLink {\n        token\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": types.StorefrontShareProductDocument,
    "\n  mutation StorefrontArriveThroughLink($token: String!) {\n    recordShareTouch(token: $token) {\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": types.StorefrontArriveThroughLinkDocument,
    "\n  query StorefrontMyEarnings {\n    myEarnings {\n      summary {\n        pending {\n          amount\n          currencyCode\n        }\n      }\n      entries(first: 20) {\n        nodes {\n          orderNumber\n          source\n          level\n          state\n          amount {\n            amount\n          }\n          explanation\n        }\n      }\n    }\n  }\n": types.StorefrontMyEarningsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StorefrontProducts($first: Int!) {\n    products(first: $first, sort: BEST_SELLING, filter: { inStock: true }) {\n      nodes {\n        id\n        slug\n        name\n        priceRange {\n          min {\n            amount\n            currencyCode\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StorefrontProducts($first: Int!) {\n    products(first: $first, sort: BEST_SELLING, filter: { inStock: true }) {\n      nodes {\n        id\n        slug\n        name\n        priceRange {\n          min {\n            amount\n            currencyCode\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StorefrontProductPage($slug: String!) {\n    product(slug: $slug) {\n      id\n      name\n      skus {\n        id\n        code\n        inStock\n        price {\n          amount\n        }\n        specs {\n          name\n          value\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StorefrontProductPage($slug: String!) {\n    product(slug: $slug) {\n      id\n      name\n      skus {\n        id\n        code\n        inStock\n        price {\n          amount\n        }\n        specs {\n          name\n          value\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StorefrontRegister($input: RegisterInput!) {\n    register(input: $input) {\n      tokens {\n        accessToken\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StorefrontRegister($input: RegisterInput!) {\n    register(input: $input) {\n      tokens {\n        accessToken\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StorefrontLogin($input: LoginInput!) {\n    login(input: $input) {\n      tokens {\n        accessToken\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StorefrontLogin($input: LoginInput!) {\n    login(input: $input) {\n      tokens {\n        accessToken\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StorefrontAddToCart($lines: [LineInput!]!) {\n    addCartLines(lines: $lines) {\n      cart {\n        id\n        lines {\n          quantity\n        }\n        cost {\n          total {\n            amount\n          }\n        }\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StorefrontAddToCart($lines: [LineInput!]!) {\n    addCartLines(lines: $lines) {\n      cart {\n        id\n        lines {\n          quantity\n        }\n        cost {\n          total {\n            amount\n          }\n        }\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StorefrontCheckout($input: CheckoutInput!) {\n    checkout(input: $input) {\n      order {\n        id\n        number\n        status\n        paymentDueAt\n        cost {\n          total {\n            amount\n            currencyCode\n          }\n        }\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StorefrontCheckout($input: CheckoutInput!) {\n    checkout(input: $input) {\n      order {\n        id\n        number\n        status\n        paymentDueAt\n        cost {\n          total {\n            amount\n            currencyCode\n          }\n        }\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StorefrontPayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      payment {\n        redirectUrl\n        token\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StorefrontPayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      payment {\n        redirectUrl\n        token\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StorefrontOrder($id: ID!) {\n    order(id: $id) {\n      number\n      status\n      paidAt\n      cost {\n        total {\n          amount\n        }\n      }\n      lines {\n        quantity\n        total {\n          amount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StorefrontOrder($id: ID!) {\n    order(id: $id) {\n      number\n      status\n      paidAt\n      cost {\n        total {\n          amount\n        }\n      }\n      lines {\n        quantity\n        total {\n          amount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StorefrontShareProduct($productId: ID!) {\n    createShareLink(entry: PRODUCT, targetId: $productId) {\n      shareLink {\n        token\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StorefrontShareProduct($productId: ID!) {\n    createShareLink(entry: PRODUCT, targetId: $productId) {\n      shareLink {\n        token\n      }\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StorefrontArriveThroughLink($token: String!) {\n    recordShareTouch(token: $token) {\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StorefrontArriveThroughLink($token: String!) {\n    recordShareTouch(token: $token) {\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StorefrontMyEarnings {\n    myEarnings {\n      summary {\n        pending {\n          amount\n          currencyCode\n        }\n      }\n      entries(first: 20) {\n        nodes {\n          orderNumber\n          source\n          level\n          state\n          amount {\n            amount\n          }\n          explanation\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StorefrontMyEarnings {\n    myEarnings {\n      summary {\n        pending {\n          amount\n          currencyCode\n        }\n      }\n      entries(first: 20) {\n        nodes {\n          orderNumber\n          source\n          level\n          state\n          amount {\n            amount\n          }\n          explanation\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;