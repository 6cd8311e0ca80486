#!/usr/bin/env -S node --max-semi-space-size=32
'use strict';
// The package's command line. The TypeScript sources are compiled to dist/ by `npm ci` (the prepare script).
// Node's young generation gets 32 MB semi-spaces instead of V8's 16 MB (the first line): a dispatcher at city scale
// allocates a little for every GPS fix, 10,000 a second, and with the default too much of it outlives a scavenge and
// is promoted, so the collector took a fifth of the main thread (docs/benchmarks.md, issue 12). 64 MB did no better
// there and let the resident memory grow 2× as much under hostile input. V8 reads the flag only at start, so it is
// given here; `node bin/anystop.js` (without the first line) runs with V8's default.
const path = require('node:path');
const fs = require('node:fs');
const main = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  console.error('anystop: dist/ is missing. Run `npm ci` (or `npm run build`) in ' + path.join(__dirname, '..'));
  process.exit(1);
}
require(main).main(process.argv).catch((err) => {
  // A coded error (InvalidOption, a routing or database code) says its code first, for scripts to match on.
  console.error(err && err.message ? `anystop: ${typeof err.code === 'string' && /^[A-Z]\w+$/.test(err.code) ? `${err.code}: ` : ''}${err.message}` : err);
  process.exit(1);
});
