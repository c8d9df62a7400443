import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project's root: the nearest folder up with a package.json (from src/ and from dist/src/ alike). */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dir !== dirname(dir)) dir = dirname(dir);
  return dir;
}

export const PROJECT_ROOT = projectRoot();

/** Where `npm run build` (src/tools/build-ide.ts) writes the IDE's bundle. */
export const IDE_ASSETS_DIR = join(PROJECT_ROOT, 'dist', 'ide');

/** Where the API serves it. */
export const IDE_ASSETS_PATH = '/ide';
