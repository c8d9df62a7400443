import { GraphQLError, type GraphQLSchema, type OperationDefinitionNode, type FragmentDefinitionNode, Kind, type SelectionSetNode } from 'graphql';
import type { RequestContext } from '../lib/request-context';

/** Each fragment is read once, however often it is spread. */
function rootFieldNames(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, out: string[], seen = new Set<string>()): string[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) out.push(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFieldNames(selection.selectionSet, fragments, out, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) rootFieldNames(fragment.selectionSet, fragments, out, seen);
    }
  }
  return out;
}

/**
 * The channel rule: every request comes through a storefront app (its key in the
 * X-Storefront-Key header) or from a signed-in operator. Root fields marked with
 * `@Extensions(NO_STOREFRONT_NEEDED)` (src/lib/channel.ts: signing in, refreshing, `me`) are
 * exempt, so operator consoles can sign in; introspection is always allowed.
 */
export function checkChannel(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  ctx: RequestContext,
): void {
  if (ctx.storefront || ctx.isOperator) return;
  const root = schema.getRootType(operation.operation);
  const fields = root?.getFields() ?? {};
  for (const name of rootFieldNames(operation.selectionSet, fragments, [])) {
    if (name.startsWith('__')) continue;
    if (fields[name]?.extensions?.noStorefrontNeeded) continue;
    throw new GraphQLError(`Send your storefront app's key in the X-Storefront-Key header (or sign in as an operator) to use ${name}`, {
      extensions: { code: 'STOREFRONT_KEY_REQUIRED', http: { status: 401 } },
    });
  }
}
