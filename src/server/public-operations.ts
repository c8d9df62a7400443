import { BREAK, TypeInfo, getOperationAST, isAbstractType, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * Public operations, the ones the response cache may answer and compiled queries run: queries whose every root field is a public
 * catalog read (`@Extensions(PUBLIC_CATALOG_READ)`, src/lib/public-reads.ts) and that select no
 * field needing a role — an `@Authorized` field resolver, such as a SKU's stock (operators) or a
 * product's price band (members): such answers are somebody's, not the catalog's. The whole
 * document is walked, fragments and other operations included, so nothing private hides in a
 * fragment. Decided once per parsed document (Apollo hands the same object to every request with
 * the same text) and operation name.
 */
export class PublicOperations {
  private readonly decided = new WeakMap<DocumentNode, Map<string, boolean>>();

  constructor(
    private readonly schema: GraphQLSchema,
    /** "Type.field" of every field that needs a role (src/server/schema.ts, roleGatedFields). */
    private readonly roleGated: ReadonlySet<string>,
  ) {}

  isPublic(document: DocumentNode, operationName: string | null | undefined): boolean {
    let byName = this.decided.get(document);
    if (!byName) this.decided.set(document, (byName = new Map<string, boolean>()));
    const key = operationName ?? '';
    let answer = byName.get(key);
    if (answer === undefined) byName.set(key, (answer = this.decide(document, operationName)));
    return answer;
  }

  private decide(document: DocumentNode, operationName: string | null | undefined): boolean {
    const operation = getOperationAST(document, operationName);
    const query = this.schema.getQueryType();
    if (!operation || operation.operation !== 'query' || !query) return false;
    const typeInfo = new TypeInfo(this.schema);
    let allPublic = true;
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field: (node) => {
          const name = node.name.value;
          if (name === '__typename') return;
          const parent = typeInfo.getParentType();
          const types = !parent ? [] : isAbstractType(parent) ? [parent, ...this.schema.getPossibleTypes(parent)] : [parent];
          const refused =
            types.length === 0 ||
            name.startsWith('__') ||
            (parent === query && !query.getFields()[name]?.extensions?.publicCatalogRead) ||
            types.some((type) => this.roleGated.has(`${type.name}.${name}`));
          if (!refused) return;
          allPublic = false;
          return BREAK;
        },
      }),
    );
    return allPublic;
  }
}
