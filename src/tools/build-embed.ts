import { gzipSync } from 'node:zlib';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { EMBED_ASSETS_DIR, EMBED_SCRIPT } from '../server/embed';
import { PROJECT_ROOT } from '../server/ide/assets';

/** The most the buy button's script may weigh, gzipped: a content site pays for it on every page. */
export const EMBED_MAX_GZIP_BYTES = 30 * 1024;

/**
 * Bundles the buy button (embed/buy-button.ts: the <sc-buy-button> and <sc-cart> custom elements)
 * into one classic script that the API serves at /embed/v1/buy-button.js. Run by `npm run build`;
 * refuses a bundle that would load anything at run time or weigh more than EMBED_MAX_GZIP_BYTES gzipped.
 * Answers the script's size, raw and gzipped.
 */
export async function buildEmbed(outDir: string = EMBED_ASSETS_DIR): Promise<{ bytes: number; gzipBytes: number }> {
  await rm(outDir, { recursive: true, force: true });
  const outfile = join(outDir, EMBED_SCRIPT);
  const { metafile } = await build({
    entryPoints: [join(PROJECT_ROOT, 'embed', 'buy-button.ts')],
    absWorkingDir: PROJECT_ROOT,
    tsconfig: join(PROJECT_ROOT, 'embed', 'tsconfig.json'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    outfile,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const external = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  if (external.length) throw new Error(`The buy button's bundle would load these at run time: ${external.join(', ')}`);
  const script = await readFile(outfile);
  const gzipBytes = gzipSync(script, { level: 9 }).length;
  if (gzipBytes > EMBED_MAX_GZIP_BYTES) throw new Error(`The buy button's bundle is ${gzipBytes} bytes gzipped, over ${EMBED_MAX_GZIP_BYTES}`);
  return { bytes: script.length, gzipBytes };
}

if (require.main === module) {
  buildEmbed().then(
    ({ gzipBytes }) => console.log(`built the buy button into ${EMBED_ASSETS_DIR} (${gzipBytes} bytes gzipped)`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
