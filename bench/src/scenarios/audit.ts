import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { repoPath } from '../../../platform/repo-root';
import { openDatabase, databaseNameFor } from '../../../platform/database/open-database';
import { createLogger } from '../../../platform/logger';
import { AuditWriter } from '../../../audit-trail/audit-writer';
import { TrailFiles } from '../../../audit-trail/trail-files';
import { FileWitness } from '../../../audit-trail/witness';
import type { AccessEntry } from '../../../audit-trail/record';
import { operationRecord } from '../../../gateway/src/audit/operation-record';
import { recordShaping } from '../../../gateway/src/audit/variable-shape';
import { BenchContext, childLog } from '../context';
import { LoadResult, medianRun, runLoad } from '../load';
import { onCore } from '../placement';
import { freshDatabase } from '../postgres';
import { ratio, ScenarioResult } from '../report';
import { Federation, federationHarness } from './federation-harness';
import { BENCH_DAILY_QUOTA, formatQuotaUsage } from '../bench-quota';

/** Synthetic records need a digest key like any other; a fixed one keeps them reproducible. */
const BENCH_SHAPING = recordShaping(Buffer.alloc(32, 7));

const VERIFIED = /audit trail verified: (\d+) records, (\d+) signed checkpoints.*\(([\d.]+) s, (\d+) records\/s\)/;

export function parseVerifyOutput(output: string): { records: number; checkpoints: number; seconds: number; recordsPerSecond: number } | undefined {
  const match = VERIFIED.exec(output);
  return match ? { records: Number(match[1]), checkpoints: Number(match[2]), seconds: Number(match[3]), recordsPerSecond: Number(match[4]) } : undefined;
}

/** An operation record like a small person page's: three persons, as the gateway would chain it. */
export function syntheticRecord(i: number) {
  const accesses: AccessEntry[] = [];
  for (let k = 0; k < 3; k++) {
    const key = String(100_000 + ((i * 3 + k) % 200_000));
    accesses.push({
      entityType: 'Person',
      entityKey: key,
      subjectDigest: createHash('sha256').update(key).digest('hex').slice(0, 32),
      subgraph: 'population',
      raw: ['Person.name', 'Person.gender'],
      masked: ['Person.idNumber'],
      denied: [],
    });
  }
  return operationRecord(
    {
      requestId: `bench-${i.toString(36).padStart(8, '0')}`,
      caller: { user: `officer-${i % 50}`, department: ['public-security', 'health', 'grid-command'][i % 3], level: 'city', jurisdiction: [] },
      clientName: 'bench',
      operationName: 'GridPersons',
      operationType: 'query',
      source: 'query GridPersons($grid: ID!) { persons(gridCode: $grid, first: 3) { edges { node { name gender idNumber } } } }',
      variables: { grid: '449900101001' },
      httpStatus: 200,
      hasData: true,
      errors: [],
      accesses,
      durationMs: 12.5,
      at: new Date(Date.UTC(2026, 0, 5, 2) + i * 10),
    },
    () => 'personal',
    BENCH_SHAPING,
  );
}

/** Writes `count` records through a real AuditWriter (group commit, database + fsynced files). */
export async function generateTrail(
  serverUrl: string,
  directory: string,
  count: number,
  privateKey: import('node:crypto').KeyObject,
  witnessPath?: string,
): Promise<number> {
  const db = await openDatabase({
    subgraph: 'audit',
    location: { kind: 'postgres', serverUrl },
    createPrisma: () => ({ $disconnect: async () => undefined }),
  });
  const started = process.hrtime.bigint();
  try {
    const writer = new AuditWriter({
      sql: db.sql,
      files: new TrailFiles(directory),
      signingKey: privateKey,
      logger: createLogger({ level: 'warn' }),
      witness: witnessPath ? new FileWitness(witnessPath) : undefined,
    });
    await writer.init();
    const batch = 2000;
    for (let i = 0; i < count; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, k) => writer.append(syntheticRecord(i + k))));
    }
    await writer.close();
  } finally {
    await db.close();
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function runVerify(context: BenchContext, serverUrl: string, dataDir: string): Promise<string> {
  const [command, ...args] = onCore(context.placement, 'underTest', [process.execPath, repoPath('runner', 'bin', 'gridshare.js'), 'audit', 'verify']);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, DATABASE_URL: serverUrl, GRIDSHARE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.appendFileSync(childLog(context, 'audit-verify'), text);
      if (code === 0) resolve(text);
      else reject(new Error(`gridshare audit verify exited ${code}: ${text.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}

/**
 * Scenario 4: what the durable audit costs (the department mix with the trail ON vs OFF, two
 * federations side by side, rounds in ABBA order), and how fast `gridshare audit verify` checks
 * a trail of ≥ 100 000 records written by the real AuditWriter.
 */
export async function auditScenario(context: BenchContext, serverUrl: string): Promise<ScenarioResult> {
  const started = Date.now();
  const { options } = context;
  const harness = await federationHarness(context, serverUrl);
  const mixOperations = harness.operations.filter((o) => !o.direct);
  const mix = () => mixOperations.map((o) => ({ path: '/graphql', body: harness.body(o), headers: harness.headersFor(o), expect: harness.expected(o) }));
  const federations: Record<'on' | 'off', Federation | undefined> = { on: undefined, off: undefined };
  const runs: Record<'on' | 'off', LoadResult[]> = { on: [], off: [] };
  let auditRecords: number | undefined;
  let quotaUsage: Record<string, Record<string, number>> = {};
  try {
    context.log('  starting the subgraphs, a gateway with the audit ON and one with it OFF');
    federations.on = await harness.start('gateway-audit-on', true);
    federations.off = await harness.start('gateway-audit-off', false);
    for (const which of ['on', 'off'] as const) for (const o of mixOperations) await harness.check(federations[which]!, o, `audit ${which}, before load`);
    for (let round = 1; round <= Math.max(2, options.rounds); round++) {
      context.log(`  round ${round}`);
      const order: ('on' | 'off')[] = round % 2 === 1 ? ['on', 'off'] : ['off', 'on'];
      for (const which of order) {
        // Every answer under load must be the operation's expected answer: a wrong one fails the scenario.
        const spec = { url: new URL(federations[which]!.url).origin, connections: options.connections, requests: mix(), label: `the mix, audit ${which}` };
        await runLoad({ ...spec, seconds: options.warmupSeconds });
        runs[which].push(await runLoad({ ...spec, seconds: options.seconds }));
      }
    }
    for (const which of ['on', 'off'] as const) for (const o of mixOperations) await harness.check(federations[which]!, o, `audit ${which}, after load`);
    auditRecords = (await federations.on.child.call<{ seq: number } | null>('auditHead'))?.seq;
    quotaUsage = await harness.quotaUsage(federations.on);
  } finally {
    await harness.stop();
  }
  const on = medianRun(runs.on);
  const off = medianRun(runs.off);

  // A long trail for `gridshare audit verify`, in the audit database the command reads.
  const count = 100_000;
  context.log(`  writing ${count} audit records through the AuditWriter`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-bench-verify-'));
  let verify: ReturnType<typeof parseVerifyOutput>;
  let writeSeconds: number;
  try {
    await freshDatabase(serverUrl, databaseNameFor('audit'));
    const keys = generateKeyPairSync('ed25519');
    fs.mkdirSync(path.join(dataDir, 'keys'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'keys', 'gateway-caller.public.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
    // Where `gridshare audit verify` looks with this data directory: the trail files and the witness.
    writeSeconds = await generateTrail(
      serverUrl,
      path.join(dataDir, 'audit-trail'),
      count,
      keys.privateKey,
      path.join(dataDir, 'audit-witness', 'checkpoints.ndjson'),
    );
    context.log('  gridshare audit verify');
    verify = parseVerifyOutput(await runVerify(context, serverUrl, dataDir));
    if (!verify) throw new Error('gridshare audit verify printed no summary line');
    if (verify.records !== count) throw new Error(`verify checked ${verify.records} records, expected ${count}`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const cost = ratio(on.requestsPerSecond, off.requestsPerSecond);
  return {
    status: 'ok',
    seconds: (Date.now() - started) / 1000,
    setup: {
      placement: context.placement.pinned
        ? 'both gateways on core 1 (one under load at a time) in front of one subgraph process; subgraphs, PostgreSQL (fsync on) and autocannon on core 0'
        : context.placement.describe,
      load: `the department mix (${mixOperations.map((o) => o.id).join(', ')}), ${options.connections} connections, ${runs.on.length} ABBA rounds of ${options.seconds} s; median round`,
    },
    tables: [
      {
        title: 'Durable audit ON vs OFF (same federation, same data, same run)',
        columns: ['audit', 'req/s', 'p50 ms', 'p99 ms', 'cost (1 − on/off)'],
        rows: [
          ['OFF', off.requestsPerSecond, off.p50Ms, off.p99Ms, null],
          [
            'ON: one chained record per operation, group commit to the audit database + fsynced NDJSON',
            on.requestsPerSecond,
            on.p50Ms,
            on.p99Ms,
            cost === null ? null : 1 - cost,
          ],
        ],
      },
      {
        title: '`gridshare audit verify`',
        columns: ['records', 'signed checkpoints', 'verify s', 'records/s', 'write s (AuditWriter)'],
        rows: [[verify.records, verify.checkpoints, verify.seconds, verify.recordsPerSecond, writeSeconds]],
      },
    ],
    figures: { runs, auditRecordsWrittenUnderLoad: auditRecords, verify, writeSeconds, quotaUsage, benchDailyQuota: BENCH_DAILY_QUOTA },
    measured: { 'audit.cost': cost === null ? null : 1 - cost, 'audit.verify-rate': verify.recordsPerSecond },
    notes: [
      `The audited federation chained ${auditRecords ?? '?'} records during the scenario; every answer was checked before and after the load, and under load as it arrived (a wrong one fails the scenario).`,
      `Daily quotas kept and raised to ${BENCH_DAILY_QUOTA.toLocaleString('en-US')} records so that they never bind (see base-data); used by the audited gateway: ${formatQuotaUsage(quotaUsage)}.`,
      `The verified trail: ${count} records of three person accesses each, written by the real AuditWriter into PostgreSQL and the NDJSON files, then checked by the real command (both copies, hash chain, checkpoint signatures, columns against the hashed lines).`,
    ],
  };
}
