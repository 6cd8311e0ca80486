// Builds the pages into web/dist: one bundle (JS + CSS) per page with esbuild, and the HTML beside them.
// Each page lives in its own top-level folder (rider-web/, driver-console/, planner-dashboard/, operator-console/) with its
// main.ts, its HTML and its CSS; web/ holds what they share (shared/, styles/, the home page) and this build.
// `node web/build.mjs` (npm run build:web); `--watch` rebuilds on change.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
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
const root = join(here, '..');
/** Each page: the bundle's name, its folder and its HTML file (served at its own path by the dispatcher). */
const pages = [
  { name: 'home', folder: join(here, 'home'), html: 'index.html' },
  { name: 'rider', folder: join(root, 'rider-web'), html: 'rider.html' },
  { name: 'driver', folder: join(root, 'driver-console'), html: 'driver.html' },
  { name: 'planner', folder: join(root, 'planner-dashboard'), html: 'planner.html' },
  { name: 'operator', folder: join(root, 'operator-console'), html: 'operator.html' },
];
const watch = process.argv.includes('--watch');

/** osrm-text-instructions' language table, cut to the pages' languages (see driver-console/turnByTurn/pageLanguages.cjs). */
const pageLanguages = join(root, 'driver-console', 'turnByTurn', 'pageLanguages.cjs');
const osrmTextLanguages = {
  name: 'osrm-text-instructions-languages',
  setup(build) {
    build.onResolve({ filter: /^osrm-text-instructions\/languages(\.js)?$/ }, () => ({ path: pageLanguages }));
    build.onResolve({ filter: /^\.\/languages$/ }, (args) => (/[\\/]osrm-text-instructions[\\/]index\.js$/.test(args.importer) ? { path: pageLanguages } : undefined));
  },
};

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: Object.fromEntries(pages.map((p) => [p.name, join(p.folder, 'main.ts')])),
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
  tsconfig: join(here, 'tsconfig.json'),
  logLevel: 'warning',
  plugins: [osrmTextLanguages],
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const page of pages) copyFileSync(join(page.folder, page.html), join(out, page.html));
// The pages' icon (each HTML links it).
copyFileSync(join(here, 'favicon.svg'), join(out, 'favicon.svg'));

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log('build:web: watching the pages');
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
