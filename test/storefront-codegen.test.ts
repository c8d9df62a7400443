import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import config from '../examples/storefront/codegen';

/**
 * examples/storefront/gql/ is generated (npm run example:codegen) and committed, so it type-checks
 * with the rest and a storefront team reads it without running anything. This fails when generating
 * again, from the schema and the documents as they are now, would change it.
 */
it('the committed typed documents are what codegen makes of the schema and the documents now', async () => {
  const outputs = (await generate(config, false)) as { filename: string; content: string }[];
  expect(outputs.map((o) => o.filename).sort()).toEqual([
    'examples/storefront/gql/gql.ts',
    'examples/storefront/gql/graphql.ts',
    'examples/storefront/gql/index.ts',
  ]);
  for (const output of outputs) {
    const committed = readFileSync(join(__dirname, '..', output.filename), 'utf8');
    const current = committed === output.content;
    expect({ file: output.filename, current, fix: current ? null : 'npm run example:codegen' }).toEqual({ file: output.filename, current: true, fix: null });
  }
}, 60_000);
