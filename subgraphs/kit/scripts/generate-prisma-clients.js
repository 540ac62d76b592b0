#!/usr/bin/env node
// Generates every subgraph's Prisma client (the "build" step before tsc).
// Prisma's CLI insists on a native schema engine binary even for `generate`, which needs none and which this
// network cannot download; pointing PRISMA_SCHEMA_ENGINE_BINARY at this stub satisfies the check.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const stub = path.join(__dirname, 'no-native-schema-engine.sh');
const prisma = require.resolve('prisma/build/index.js', { paths: [root] });

for (const name of fs.readdirSync(path.join(root, 'subgraphs'))) {
  const schema = path.join(root, 'subgraphs', name, 'prisma', 'schema.prisma');
  if (!fs.existsSync(schema)) continue;
  const generated = path.join(path.dirname(schema), 'generated', 'client.ts');
  // Skip when the client is newer than its schema: generation is cheap but noisy.
  if (fs.existsSync(generated) && fs.statSync(generated).mtimeMs >= fs.statSync(schema).mtimeMs) continue;
  execFileSync(process.execPath, [prisma, 'generate', '--schema', schema], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}
