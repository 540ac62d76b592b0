import canonicalize from 'canonicalize';
import type { AuditPrisma } from '../../subgraphs/audit/src/prisma';
import { AccessEntry, AuditRecordBody, chain, ChainedRecord, GENESIS_HASH } from '../../audit-trail/record';

/** What a fixture states; everything else gets the defaults of a plain successful query. */
export type RecordSpec = Partial<Omit<AuditRecordBody, 'at' | 'accesses'>> & {
  at: string;
  department: string;
  accesses?: AccessEntry[];
};

export function recordBody(spec: RecordSpec, index: number): AuditRecordBody {
  const accesses = [...(spec.accesses ?? [])].sort(
    (a, b) => a.subgraph.localeCompare(b.subgraph) || a.entityType.localeCompare(b.entityType) || a.entityKey.localeCompare(b.entityKey),
  );
  return {
    requestId: `fixture-${index}`,
    userId: 'user-1',
    level: 'city',
    purpose: null,
    clientName: null,
    operationName: 'Fixture',
    operationType: 'query',
    documentHash: null,
    variables: null,
    fieldsGranted: [],
    fieldsMasked: [],
    fieldsDenied: [],
    denialReasons: [],
    outcome: 'OK',
    httpStatus: 200,
    durationMs: 12.5,
    recordCount: accesses.length,
    sensitiveRecordCount: 0,
    ...spec,
    at: new Date(spec.at).toISOString(),
    accesses,
  };
}

/** Chains the specs in time order, as the gateway's writer would have, from the genesis hash. */
export function chainSpecs(specs: RecordSpec[]): ChainedRecord[] {
  const bodies = specs.map(recordBody).sort((a, b) => a.at.localeCompare(b.at));
  const records: ChainedRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (const body of bodies) {
    const record = chain(body, records.length + 1, prevHash);
    records.push(record);
    prevHash = record.hash;
  }
  return records;
}

/** Writes chained records into the audit database the way the trail stores them. */
export async function insertTrail(prisma: AuditPrisma, records: ChainedRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500) {
    const chunk = records.slice(i, i + 500);
    await prisma.auditRecord.createMany({
      data: chunk.map((record) => {
        const { accesses: _accesses, kind: _kind, seq, at, variables, ...rest } = record;
        return {
          ...rest,
          seq: BigInt(seq),
          at: new Date(at),
          variables: variables === null ? undefined : (variables as object),
          // The exact NDJSON line, as the gateway's writer stores it.
          line: canonicalize(record) as string,
        };
      }),
    });
    await prisma.auditAccess.createMany({
      data: chunk.flatMap((record) =>
        record.accesses.map((a) => ({ ...a, seq: BigInt(record.seq), recordAt: new Date(record.at), subjectDigest: a.subjectDigest ?? null })),
      ),
    });
  }
}

/** A person's access as a subgraph would report it. */
export function personAccess(
  entityKey: string,
  subjectDigest: string,
  fields: { raw?: string[]; masked?: string[]; denied?: string[] },
  subgraph = 'population',
  entityType = 'Person',
): AccessEntry {
  return { entityType, entityKey, subjectDigest, subgraph, raw: fields.raw ?? [], masked: fields.masked ?? [], denied: fields.denied ?? [] };
}
