import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { IDE_ASSETS_DIR, PROJECT_ROOT } from '../server/ide/assets';

/** Each bundle, by the entry points in it: the page's script, then Monaco's three workers. */
const BUNDLES: Record<string, string>[] = [
  { ide: join(PROJECT_ROOT, 'src', 'server', 'ide', 'browser.mjs') },
  {
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
    'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
  },
];

/**
 * Bundles the GraphQL IDE (src/server/ide/browser.mjs: GraphiQL 5 with React) and Monaco's three
 * workers into `outDir`, which the API serves at /ide: the page then needs nothing beyond the API's
 * origin. Run by `npm run build`; esbuild and GraphiQL are build-time dependencies only.
 */
export async function buildIde(outDir: string = IDE_ASSETS_DIR): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const loadedAtRunTime: string[] = [];
  for (const entryPoints of BUNDLES) {
    const { metafile } = await build({
      entryPoints,
      absWorkingDir: PROJECT_ROOT,
      bundle: true,
      minify: true,
      // Classic scripts and workers: `<script src>` and `new Worker(url)`, with no module loading.
      format: 'iife',
      target: 'es2022',
      outdir: outDir,
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.ttf': 'file' },
      logLevel: 'warning',
      metafile: true,
    });
    for (const [file, output] of Object.entries(metafile.outputs)) {
      loadedAtRunTime.push(...output.imports.filter((i) => i.external && !i.path.startsWith('data:')).map((i) => `${file}: ${i.path}`));
    }
  }
  // Whatever a bundle would still load at run time (data: URLs inlined in styles aside) could come from elsewhere: nothing may.
  if (loadedAtRunTime.length) throw new Error(`The IDE's bundle would load these at run time: ${loadedAtRunTime.join(', ')}`);
}

if (require.main === module) {
  buildIde().then(
    () => console.log(`built the GraphQL IDE into ${IDE_ASSETS_DIR}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
