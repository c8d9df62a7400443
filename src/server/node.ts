import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { maxItems } from '../lib/bounds';
import { fromGlobalId } from '../lib/ids';
import { badInput } from '../lib/errors';
import { Node } from '../lib/node';
import type { RequestContext } from '../lib/request-context';
import type { NodeFetcher } from '../modules/manifest';

/** How to fetch each node type: the `nodeTypes` of the module manifests, installed by src/server/modules.ts. */
const fetchers = new Map<string, NodeFetcher>();

/** Called by the install step only; a type declared twice stops the start. */
export function registerNodeType(type: string, fetch: NodeFetcher): void {
  if (fetchers.has(type)) throw new Error(`node type ${type} is declared by two modules`);
  fetchers.set(type, fetch);
}

/** The edge refuses a longer list before anything runs (src/lib/bounds.ts). */
const MAX_NODE_IDS = 100;

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID; null when it does not exist or you may not see it.' })
  async node(@Arg('id', () => ID, { description: 'A global ID from any `id` field.' }) id: string, @Ctx() ctx: RequestContext): Promise<object | null> {
    const parsed = fromGlobalId(id);
    if (!parsed) throw badInput(`"${id.slice(0, 100)}" is not an ID of this API`, 'id');
    const fetch = fetchers.get(parsed.type);
    return fetch ? fetch(ctx, parsed.id) : null;
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: 'Several objects by global ID, in the order given (at most 100); null for each one that does not exist or you may not see.',
  })
  async nodes(
    @Arg('ids', () => [ID], maxItems(MAX_NODE_IDS, 'Global IDs from any `id` fields.')) ids: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<(object | null)[]> {
    return Promise.all(ids.map((id) => this.node(id, ctx)));
  }
}
