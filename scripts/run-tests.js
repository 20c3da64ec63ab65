#!/usr/bin/env node
// Runs every jest project (plugin, backend, integration, browser, alerting) after building what the tests load
// (the backend's compiled workers and CLI, the plugin's dist/ bundles), then prints one plain summary line,
// `N passed, N failed`, counted from jest's JSON results. Extra arguments go to jest.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const jestArgs = process.argv.slice(2);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status === null ? 1 : result.status;
}

if (!process.env.CULPRIT_SKIP_BUILD && run('npm', ['run', '--silent', 'build']) !== 0) {
  console.error('The build failed, so no test ran.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'culprit-jest-')), 'results.json');
const jestBin = require.resolve('jest/bin/jest');
const status = run(process.execPath, [jestBin, '--ci', '--json', `--outputFile=${resultsFile}`, ...jestArgs]);

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  // A suite that fails to load has no failed tests of its own; count it so the line never hides it.
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} catch (error) {
  console.error(`Could not read jest's results (${error.message}).`);
  failed = Math.max(failed, 1);
}
if (status !== 0 && failed === 0) {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && status === 0 ? 0 : 1);
