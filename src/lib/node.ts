import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * The GraphQL `Node` interface every module's refetchable types implement. `node(id:)` and the
 * registry of how to fetch each type are the server's (src/server/node.ts).
 */
@InterfaceType({
  description: 'An object with a globally unique ID, refetchable with `node(id:)`.',
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, {
    description: 'Globally unique, opaque ID. An ID given as input is at most 200 characters long; a longer one is refused before anything runs.',
  })
  id: string;
}
