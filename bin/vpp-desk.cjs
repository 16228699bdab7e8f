#!/usr/bin/env node
// Entry for `npx vpp-desk`: runs the compiled CLI (built by `npm install`).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(cli)) {
  process.stderr.write('vpp-desk: not built yet; run `npm run build` in the checkout first.\n');
  process.exit(2);
}
require(cli);
