#!/usr/bin/env node
'use strict';
// The compiled CLI lives in dist/; `npm start` and `npm test` build it first.
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', '..', 'dist', 'runner', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  console.error('gridshare is not built yet: run `npm run build` (npm start does it for you).');
  process.exit(1);
}
process.env.APOLLO_TELEMETRY_DISABLED = '1';
const args = process.argv.slice(2);
const report = (error) => {
  console.error(`gridshare: ${error && error.message ? error.message : error}`);
  process.exit(1);
};
(async () => {
  // First, before the CLI loads node:http and pg: OpenTelemetry instruments them as they load.
  const tracing = await require(path.join(__dirname, '..', '..', 'dist', 'runner', 'system', 'tracing.js')).startTracing(args);
  const code = await require(entry)
    .main(args)
    .finally(async () => {
      // The last spans (the stop itself) are sent before the process ends.
      if (tracing) await tracing.shutdown().catch(() => undefined);
    });
  if (typeof code === 'number') process.exitCode = code;
})().catch(report);
