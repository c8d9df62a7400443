import { buildSchema, getMetadataStorage, type ClassType } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { authChecker } from './auth';
import { NodeResolver } from './node';
import { modules } from '../modules';
import { pgPubSub } from '../lib/pg-pubsub';

/** `node(id:)`, then every module's resolvers in the order of src/modules/index.ts. */
export const resolvers: [typeof NodeResolver, ...ClassType[]] = [NodeResolver, ...modules.flatMap((m) => m.resolvers ?? [])];

let built: Promise<GraphQLSchema> | undefined;

/**
 * Plain object fields resolve with graphql-js's default resolver instead of type-graphql's
 * middleware wrapper: a product listing resolves about 1,600 fields per request, and the wrapper
 * is most of their cost. Authorization therefore lives on field resolvers only; a plain field
 * carrying @Authorized or middleware would be silently unguarded, so it stops the start.
 */
function useSimpleResolvers(): void {
  const storage = getMetadataStorage();
  for (const field of storage.fields) {
    if (field.roles?.length || field.middlewares?.length) {
      throw new Error(`${field.target.name}.${field.name}: put @Authorized and middleware on a @FieldResolver, not on a plain @Field`);
    }
  }
  for (const type of storage.objectTypes) type.simpleResolvers = true;
}

/** The schema, built once per process from the resolver classes. */
export function schema(): Promise<GraphQLSchema> {
  useSimpleResolvers();
  return (built ??= buildSchema({ resolvers, authChecker, validate: false, pubSub: pgPubSub }).then((s) => {
    s.getQueryType()!.description = 'Reads. Every request names its storefront app (X-Storefront-Key header) or comes from a signed-in operator.';
    s.getSubscriptionType()!.description =
      'Live updates over WebSocket (graphql-ws, same port and path as HTTP): authenticated from connectionParams, with the same limits.';
    s.getMutationType()!.description = "Writes. Business failures come back in each payload's userErrors with a code; nothing is changed when there are any.";
    return s;
  }));
}

/**
 * "Type.field" of every field that needs a role — an `@Authorized` field resolver (plain fields
 * carry none, see useSimpleResolvers): what such a field answers belongs to whoever may see it.
 * Read from type-graphql's metadata once the schema is built.
 */
export async function roleGatedFields(): Promise<Set<string>> {
  await schema();
  const storage = getMetadataStorage();
  const gated = new Set<string>();
  for (const type of [...storage.objectTypes, ...storage.interfaceTypes]) {
    for (const field of type.fields ?? []) if (field.roles !== undefined) gated.add(`${type.name}.${field.schemaName}`);
  }
  return gated;
}

/** The SDL committed as schema/schema.graphql. */
export async function printedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await schema()))}\n`;
}
