#!/usr/bin/env node
// The `culprit` command: runs the compiled backend CLI (built by `npm ci` through the `prepare` script).
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('culprit: the backend is not built yet. Run `npm run build:backend` in the repository root.\n');
  process.exit(1);
}
require(entry).main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`culprit: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
);
