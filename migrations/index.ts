import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import type { MigrationObject } from '@mikro-orm/core';

/** Every migration in this folder, in name order; works from the TypeScript sources and from dist/. */
export const migrationsList: MigrationObject[] = readdirSync(__dirname)
  .filter((file) => /^Migration\d+.*\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
  .sort()
  .map((file) => {
    const name = basename(file).replace(/\.(ts|js)$/, '');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`./${name}`) as Record<string, MigrationObject['class']>;
    return { name, class: mod[name] ?? Object.values(mod)[0] };
  });
