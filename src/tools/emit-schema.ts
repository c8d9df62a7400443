import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printedSchema } from '../server/schema';

/** `npm run schema:emit`: writes schema/schema.graphql from the code (a test fails when it is stale). */
void printedSchema().then((sdl) => {
  const file = resolve('schema/schema.graphql');
  writeFileSync(file, sdl);
  console.log(`wrote ${file}`);
});
