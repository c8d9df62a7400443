import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

/**
 * PostgreSQL text cannot hold the NUL character: a string carrying one would fail deep inside a
 * query. Every request is checked here once, variables and inline literals alike, for every module.
 */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.values(value).some(hasNul);
  return false;
}

export function checkTextInput(document: DocumentNode, variables: Record<string, unknown> | undefined): void {
  let found = hasNul(variables);
  if (!found) {
    visit(document, {
      [Kind.STRING]: (node) => {
        if (node.value.includes('\u0000')) found = true;
      },
    });
  }
  if (found) throw new GraphQLError('Text input must not contain the NUL character (\\u0000)', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}
