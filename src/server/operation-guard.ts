import { GraphQLError, getOperationAST, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import type { RequestContext } from '../lib/request-context';
import { checkChannel } from './channel';
import { InputBounds } from './input-bounds';
import { checkLimits, fragmentsOf, type OperationMeasure } from './limits';
import { checkDocumentText, checkRawVariables, coerceVariables } from './request-input';

const boundsBySchema = new WeakMap<GraphQLSchema, InputBounds>();

/**
 * Apollo keeps parsed documents (its document store) and hands the same object to every request
 * with the same text, so what depends on the document alone is checked once per document: its
 * inline text, and the whole measure of an operation that declares no variables (nothing else
 * can change it).
 */
const textChecked = new WeakSet<DocumentNode>();
const measured = new WeakMap<DocumentNode, Map<string, OperationMeasure>>();

/** The bounds of every input of the schema, read from its descriptions once. */
export function inputBoundsOf(schema: GraphQLSchema): InputBounds {
  let bounds = boundsBySchema.get(schema);
  if (!bounds) boundsBySchema.set(schema, (bounds = new InputBounds(schema)));
  return bounds;
}

/** Parse options for every transport: a document of more tokens is refused while it is parsed. */
export function parseOptions(config: Config): { maxTokens: number } {
  return { maxTokens: config.maxQueryTokens };
}

/** A document over the size limit is refused before it is parsed. */
export function checkDocumentSize(query: unknown, config: Config): void {
  if (typeof query === 'string' && Buffer.byteLength(query) > config.maxDocumentBytes) {
    throw new GraphQLError(`The query document is over ${config.maxDocumentBytes} bytes`, {
      extensions: { code: 'QUERY_TOO_LARGE', maxDocumentBytes: config.maxDocumentBytes, http: { status: 413 } },
    });
  }
}

/**
 * Everything an operation must pass before it runs, the same on HTTP and WebSocket: the raw
 * variables and inline text, the variables coerced by their types, the limits (depth, cost,
 * aliases, root fields) and every argument's bounds in one linear walk, then the channel rule.
 */
export function guardOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  context: RequestContext,
  config: Config,
): OperationMeasure | null {
  if (!config.queryLimits) {
    const operation = getOperationAST(document, operationName);
    if (operation) checkChannel(schema, operation, fragmentsOf(document), context);
    return null;
  }
  checkRawVariables(variables);
  if (!textChecked.has(document)) {
    checkDocumentText(document);
    textChecked.add(document);
  }
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    throw new GraphQLError(operationName ? `No operation named "${operationName}"` : 'Name the operation to run (operationName)', {
      extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
    });
  }
  const constant = !operation.variableDefinitions?.length;
  const key = operationName ?? '';
  let measure = constant ? measured.get(document)?.get(key) : undefined;
  if (!measure) {
    const coerced = coerceVariables(schema, operation, variables);
    measure = checkLimits(schema, document, operation, coerced, inputBoundsOf(schema), {
      maxDepth: config.maxQueryDepth,
      maxCost: config.maxQueryCost,
      maxAliases: config.maxQueryAliases,
      maxRootFields: config.maxRootFields,
    });
    if (constant) {
      if (!measured.has(document)) measured.set(document, new Map());
      measured.get(document)!.set(key, measure);
    }
  }
  checkChannel(schema, operation, fragmentsOf(document), context);
  return measure;
}
