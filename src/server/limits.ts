import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getNamedType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { InputBounds } from './input-bounds';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** Fields asked for under another name, counted over the whole operation (fragments as often as spread). */
  maxAliases: number;
  /** Fields at the root of the operation. */
  maxRootFields: number;
}

/** What an operation asks for, measured before it runs. */
export interface OperationMeasure {
  cost: number;
  depth: number;
  aliases: number;
  rootFields: number;
  /** Field nodes the measurement looked at: linear in the document, whatever its fragments do. */
  fieldsVisited: number;
}

/**
 * Introspection is priced, not free: a whole-schema read is a large answer (about 100 kB here), so
 * a document cannot ask for it hundreds of times. Its inner fields are not counted again.
 */
export const INTROSPECTION_COST = { __schema: 1000, __type: 50 } as const;

interface Measure {
  cost: number;
  depth: number;
  aliases: number;
  fields: number;
}

const NOTHING: Measure = { cost: 0, depth: 0, aliases: 0, fields: 0 };

type CostEstimator = (options: { args: Record<string, unknown>; childComplexity: number }) => number;

/** The client asked too much or sent a bad value: without a status, Apollo answers a plugin's error with 500. */
function tooMuch(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });
}

/**
 * One walk over the operation measures its cost, depth, aliases and root fields and checks every
 * argument against its bounds. Each fragment is measured once and reused at every spread, so the
 * work is linear in the document: a fragment spreading the next one twice, twenty levels down,
 * is forty visits, not a million. A field's cost is its `complexity` (declared next to its
 * definition: a number, or a function of its arguments and its children's cost, e.g. pageCost),
 * else 1 plus its children's.
 */
class OperationWalker {
  private readonly memo = new Map<string, Measure>();
  private readonly inProgress = new Set<string>();
  fieldsVisited = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly bounds: InputBounds,
  ) {}

  selectionSet(set: SelectionSetNode, parent: GraphQLNamedType | undefined): Measure {
    const total = { ...NOTHING };
    for (const selection of set.selections) {
      let part: Measure;
      if (selection.kind === Kind.FIELD) part = this.field(selection, parent);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        part = this.selectionSet(selection.selectionSet, condition);
      } else part = this.fragment(selection.name.value);
      total.cost += part.cost;
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.fields += part.fields;
    }
    return total;
  }

  private fragment(name: string): Measure {
    const known = this.memo.get(name);
    if (known) return known;
    if (this.inProgress.has(name)) throw tooMuch(`Fragment ${name} spreads itself`, 'GRAPHQL_VALIDATION_FAILED');
    const fragment = this.fragments.get(name);
    if (!fragment) throw tooMuch(`Unknown fragment ${name}`, 'GRAPHQL_VALIDATION_FAILED');
    this.inProgress.add(name);
    const measure = this.selectionSet(fragment.selectionSet, this.schema.getType(fragment.typeCondition.name.value));
    this.inProgress.delete(name);
    this.memo.set(name, measure);
    return measure;
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined): Measure {
    this.fieldsVisited++;
    const name = node.name.value;
    const aliases = node.alias && node.alias.value !== name ? 1 : 0;
    if (name === '__typename') return { cost: 0, depth: 0, aliases, fields: 1 };
    if (name === '__schema' || name === '__type') return { cost: INTROSPECTION_COST[name], depth: 1, aliases, fields: 1 };
    const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
    if (!definition) return { cost: 1, depth: 1, aliases, fields: 1 };
    const args = getArgumentValues(definition, node, this.variables);
    this.bounds.checkArguments(definition, args);
    const children = node.selectionSet ? this.selectionSet(node.selectionSet, getNamedType(definition.type)) : NOTHING;
    const complexity = definition.extensions?.complexity as number | CostEstimator | undefined;
    const cost =
      typeof complexity === 'number'
        ? complexity + children.cost
        : typeof complexity === 'function'
          ? complexity({ args, childComplexity: children.cost })
          : 1 + children.cost;
    return { cost, depth: 1 + children.depth, aliases: aliases + children.aliases, fields: 1 };
  }
}

/**
 * Measures the operation (its variables already coerced) and refuses it, before anything runs,
 * when it is too deep, too costly, or asks for too many aliases or root fields.
 */
export function checkLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  bounds: InputBounds,
  limits: QueryLimits,
): OperationMeasure {
  const fragments = fragmentsOf(document);
  const root = schema.getRootType(operation.operation);
  const walker = new OperationWalker(schema, fragments, variables, bounds);
  const measured = walker.selectionSet(operation.selectionSet, root ?? undefined);
  const measure: OperationMeasure = {
    cost: measured.cost,
    depth: measured.depth,
    aliases: measured.aliases,
    rootFields: measured.fields,
    fieldsVisited: walker.fieldsVisited,
  };
  if (measure.depth > limits.maxDepth) {
    throw tooMuch(`Query is ${measure.depth} levels deep; the limit is ${limits.maxDepth}`, 'QUERY_TOO_DEEP', {
      depth: measure.depth,
      maxDepth: limits.maxDepth,
    });
  }
  if (measure.rootFields > limits.maxRootFields) {
    throw tooMuch(`The operation asks for ${measure.rootFields} root fields; the limit is ${limits.maxRootFields}`, 'QUERY_TOO_COMPLEX', {
      rootFields: measure.rootFields,
      maxRootFields: limits.maxRootFields,
    });
  }
  if (measure.aliases > limits.maxAliases) {
    throw tooMuch(`The operation uses ${measure.aliases} aliases; the limit is ${limits.maxAliases}`, 'QUERY_TOO_COMPLEX', {
      aliases: measure.aliases,
      maxAliases: limits.maxAliases,
    });
  }
  if (measure.cost > limits.maxCost) {
    throw tooMuch(`Query costs ${measure.cost}; the limit is ${limits.maxCost}. Ask for smaller pages or fewer fields.`, 'QUERY_TOO_COMPLEX', {
      cost: measure.cost,
      maxCost: limits.maxCost,
    });
  }
  return measure;
}

/** The document's fragments by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return fragments;
}
