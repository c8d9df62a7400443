import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { authChecker } from './auth';
import { NodeResolver } from './node';
import { AccountResolver } from '../modules/accounts/resolver';
import { CategoryResolver, ProductResolver, SkuResolver, StockMovementResolver } from '../modules/catalog/resolver';
import { CartLineResolver, CartResolver, OrderResolver } from '../modules/orders/resolver';
import { StorefrontAppResolver } from '../modules/storefronts/resolver';

export const resolvers = [NodeResolver, AccountResolver, StorefrontAppResolver, ProductResolver, SkuResolver, StockMovementResolver, CategoryResolver, CartResolver, CartLineResolver, OrderResolver] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The schema, built once per process from the resolver classes. */
export function schema(): Promise<GraphQLSchema> {
  return (built ??= buildSchema({ resolvers, authChecker, validate: false }).then((s) => {
    s.getQueryType()!.description = 'Reads. Every request names its storefront app (X-Storefront-Key header) or comes from a signed-in operator.';
    s.getMutationType()!.description = 'Writes. Business failures come back in each payload\'s userErrors with a code; nothing is changed when there are any.';
    return s;
  }));
}

/** The SDL committed as schema/schema.graphql. */
export async function printedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await schema()))}\n`;
}
