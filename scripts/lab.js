#!/usr/bin/env node
// `npm run lab [-- --quick]`: the whole Culprit loop without Docker (shop processes, a real Prometheus, a fault
// campaign with the local driver, a trained and evaluated model). Builds the backend and the shop first when their
// compiled files are missing, then runs `culprit lab` with the given flags. Needs root for cgroups, Prometheus and
// stress-ng (`apt-get install prometheus stress-ng`).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const builds = [
  ['backend/dist/cli/main.js', 'build:backend'],
  ['demo/dist/main.js', 'build:demo'],
];
for (const [file, script] of builds) {
  if (!fs.existsSync(path.join(root, file)) || process.env.CULPRIT_LAB_REBUILD) {
    const result = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`lab: npm run ${script} failed`);
      process.exit(1);
    }
  }
}
require(path.join(root, 'backend', 'dist', 'cli', 'main.js'))
  .main([process.argv[0], 'culprit', 'lab', ...process.argv.slice(2)])
  .then(
    (code) => process.exit(code),
    (error) => {
      console.error(`lab: ${error && error.message ? error.message : String(error)}`);
      process.exit(1);
    }
  );
