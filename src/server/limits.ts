import { GraphQLError, Kind, type DocumentNode, type GraphQLSchema, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * Depth and cost limits, checked before execution on every transport. Cost: each field 1,
 * pages multiplied by the page size asked for (see pageCost), lists by their usual length.
 */
function depth(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let max = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      max = Math.max(max, 1 + depth(selection.selectionSet, fragments, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depth(selection.selectionSet, fragments, seen));
    } else if (!seen.has(selection.name.value)) {
      const fragment = fragments.get(selection.name.value);
      max = Math.max(max, depth(fragment?.selectionSet, fragments, new Set([...seen, selection.name.value])));
    }
  }
  return max;
}

/** The client asked too much: without this, Apollo answers an error thrown from a plugin with 500. */
const BAD_REQUEST = { status: 400 };

export function checkLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Record<string, unknown> | undefined,
  limits: { maxDepth: number; maxCost: number },
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    if (operationName && def.name?.value !== operationName) continue;
    const d = depth(def.selectionSet, fragments, new Set());
    if (d > limits.maxDepth) {
      throw new GraphQLError(`Query is ${d} levels deep; the limit is ${limits.maxDepth}`, { extensions: { code: 'QUERY_TOO_DEEP', depth: d, maxDepth: limits.maxDepth, http: BAD_REQUEST } });
    }
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (err) {
    // The cost needs the variables, so they are coerced here, before Apollo would: a value that does
    // not fit its type (an unknown enum value, text for an Int) is the client's error, not a 500.
    if (err instanceof GraphQLError && !err.extensions?.code) {
      throw new GraphQLError(err.message, { nodes: err.nodes, extensions: { code: 'BAD_USER_INPUT', http: BAD_REQUEST } });
    }
    throw err;
  }
  if (cost > limits.maxCost) {
    throw new GraphQLError(`Query costs ${cost}; the limit is ${limits.maxCost}. Ask for smaller pages or fewer fields.`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost: limits.maxCost, http: BAD_REQUEST },
    });
  }
  return cost;
}
