import { GraphQLError, Kind, getVariableValues, visit, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/** Variables nest at most this deep: the deepest input of the schema is far shallower. */
export const MAX_VARIABLE_DEPTH = 32;

function badInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions, http: { status: 400 } } });
}

/**
 * The raw variables as they arrived, before anything reads them. PostgreSQL text cannot hold the
 * NUL character (a string carrying one would fail deep inside a query), and a value nested
 * thousands of levels deep would overflow a recursive reader: the walk is iterative and stops at
 * MAX_VARIABLE_DEPTH, so its work is bounded by the body size (itself capped).
 */
export function checkRawVariables(variables: unknown): void {
  const stack: [unknown, number, string][] = [[variables, 0, '']];
  while (stack.length) {
    const [value, depth, name] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw badInput(`Variable "$${name}": text must not contain the NUL character (\\u0000)`, { variable: name });
    } else if (value && typeof value === 'object') {
      if (depth >= MAX_VARIABLE_DEPTH) throw badInput(`Variable "$${name}" is nested more than ${MAX_VARIABLE_DEPTH} levels deep`, { variable: name });
      for (const [key, inner] of Object.entries(value)) stack.push([inner, depth + 1, depth === 0 ? key : name]);
    }
  }
}

/** The NUL rule for text written inline in the document. */
export function checkDocumentText(document: DocumentNode): void {
  // A string value can only hold NUL written raw or as a \u escape: a source without either needs no walk.
  const source = document.loc?.source.body;
  if (source !== undefined && !source.includes('\u0000') && !source.includes('\\u')) return;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (node.value.includes('\u0000')) throw badInput('Text input must not contain the NUL character (\\u0000)');
    },
  });
}

/**
 * The operation's variables coerced to their declared types by every scalar's own parser, as
 * execution will: a value that does not fit ("NaN" for a Decimal, text for an Int) is the
 * client's error, answered 400 naming the variable, never a 500.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  if (result.errors) {
    const [error] = result.errors;
    throw new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
  return result.coerced;
}
