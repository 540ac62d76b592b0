#!/usr/bin/env node
// `npm run bench`: installs the bench's own heavy peers (bench/package.json) on first use, then runs
// the compiled runner. The root `npm install` never installs them.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const benchDir = __dirname;
const root = path.dirname(benchDir);
const needed = ['autocannon', '@graphql-hive/gateway'];
const missing = needed.filter((name) => !fs.existsSync(path.join(benchDir, 'node_modules', name, 'package.json')));
if (missing.length > 0) {
  console.log(`[bench] installing the benchmark's own dependencies (${missing.join(', ')}; about 500 MB) into bench/node_modules`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', '--prefix', benchDir, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: benchDir, stdio: 'inherit' });
}
process.env.APOLLO_TELEMETRY_DISABLED = '1';
require(path.join(root, 'dist', 'bench', 'src', 'main.js'));
