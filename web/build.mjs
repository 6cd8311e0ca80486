// Builds the pages into web/dist: one bundle (JS + CSS) per page with esbuild, and the HTML beside them.
// `node web/build.mjs` (npm run build:web); `--watch` rebuilds on change.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
// A one-off build goes to a fresh folder that then replaces dist in one rename, so a server (or a test)
// serving web/dist meanwhile never sees it half written or missing.
// It sits under node_modules/.cache (ignored by git, same file system as dist, so the rename is atomic).
const scratch = join(here, '..', 'node_modules', '.cache', 'anystop-web');
const out = process.argv.includes('--watch') ? dist : join(scratch, `build-${process.pid}`);
const pages = ['home', 'rider', 'driver', 'planner'];
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: Object.fromEntries(pages.map((p) => [p, join(here, 'src', p, 'main.ts')])),
  outdir: join(out, 'assets'),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: !watch,
  sourcemap: 'linked',
  legalComments: 'linked',
  // Leaflet's CSS names a few images (layer control, default markers): copied beside the bundles.
  loader: { '.png': 'file', '.svg': 'file' },
  assetNames: '[name]-[hash]',
  // protocol/ builds its zod schemas at load; the pages only read its constants and types (see zodStub.mjs).
  alias: { zod: join(here, 'zodStub.mjs') },
  tsconfig: join(here, 'tsconfig.json'),
  logLevel: 'warning',
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of readdirSync(join(here, 'pages'))) copyFileSync(join(here, 'pages', file), join(out, file));

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log('build:web: watching web/src');
} else {
  let result;
  try {
    result = await esbuild.build({ ...options, metafile: true });
  } catch (e) {
    rmSync(out, { recursive: true, force: true });
    throw e;
  }
  const old = join(scratch, `old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(out, dist);
  rmSync(old, { recursive: true, force: true });
  const sizes = Object.entries(result.metafile.outputs)
    .filter(([file]) => /\.(js|css)$/.test(file))
    .map(([file]) => `${file.replace(/^.*\/assets\//, '')} ${(statSync(join(dist, 'assets', file.replace(/^.*\/assets\//, ''))).size / 1024).toFixed(0)} kB`);
  console.log(`build:web: ${pages.length} pages into web/dist (${sizes.join(', ')})`);
}
