import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run example:codegen`: graphql-codegen's client preset reads the API's schema
 * (schema/schema.graphql, emitted from the code) and every graphql(`…`) document in this folder, and
 * writes gql/: the documents as TypedDocumentNode objects, each with its result and variables types.
 * Paths are from the repository root, where the npm script runs. gql/ is committed;
 * test/storefront-codegen.test.ts fails when running this again would change it.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['examples/storefront/**/*.ts', '!examples/storefront/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'examples/storefront/gql/': {
      preset: 'client',
      // Whole results as asked for: fragment masking helps component trees, not a script.
      presetConfig: { fragmentMasking: false },
      config: {
        // The API's scalars as they travel: Decimal amounts are strings ("12.34"), times ISO-8601 strings.
        scalars: { Decimal: 'string', DateTimeISO: 'string' },
        // String unions instead of TypeScript enums: nothing to import to compare a status.
        enumsAsTypes: true,
        useTypeImports: true,
        // Only the types the documents use (their inputs and enums), not every type of the schema.
        onlyOperationTypes: true,
      },
    },
  },
};

export default config;
