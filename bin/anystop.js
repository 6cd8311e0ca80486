#!/usr/bin/env node
'use strict';
// The package's command line. The TypeScript sources are compiled to dist/ by `npm ci` (the prepare script).
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
