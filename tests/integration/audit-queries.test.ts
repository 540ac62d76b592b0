import { CallerTokenSigner } from '../../platform/caller-token';
import type { AuditPrisma } from '../../subgraphs/audit/src/prisma';
import type { ChainedRecord } from '../../audit-trail/record';
import { chainSpecs, insertTrail } from '../helpers/audit-fixtures';
import { auditScenarios, NEVER_READ, PERSON_1, PERSON_2 } from '../helpers/audit-scenarios';
import { postGraphQL, startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { subjectDigest } from '../../audit-trail/subject-digest';

const AUDITOR = { department: 'audit-office', user: 'auditor-1' };

const HISTORY = `query ($n: String!, $from: String, $to: String, $d: ID, $first: Int, $after: String) {
  personAccessHistory(idNumber: $n, from: $from, to: $to, department: $d, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { recordSeq requestId at department userId purpose operationName outcome entityType entityKey subgraph fieldsRaw fieldsMasked fieldsDenied } }
  }
}`;

const HISTORY_FILTERED = `query ($n: String!, $d: ID, $f: RecordAccessFilter) {
  personAccessHistory(idNumber: $n, department: $d, filter: $f) { totalCount edges { node { requestId } } }
}`;

const RECORDS = `query ($f: AccessRecordFilter, $first: Int, $after: String) {
  accessRecords(filter: $f, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { seq requestId } }
  }
}`;

describe.each(testBackends())('the audit subgraph for auditors (%s)', (backend) => {
  let federation: TestFederation;
  let records: ChainedRecord[];
  const seqOf = (requestId: string) => String(records.find((r) => r.requestId === requestId)!.seq);
  const asAuditor = (query: string, variables?: Record<string, unknown>) => federation.queryAs(AUDITOR, query, variables);

  beforeAll(async () => {
    federation = await startTestFederation({
      backend,
      seed: false,
      prepare: async (databases, key) => {
        const prisma = databases.audit!.prisma as AuditPrisma;
        records = chainSpecs(auditScenarios(key));
        await insertTrail(prisma, records);
        const quotaSeq = BigInt(records.find((r) => r.requestId === 'q-1')!.seq);
        await prisma.auditEvent.createMany({
          data: [
            {
              at: new Date('2026-03-27T02:00:00Z'),
              department: 'housing',
              kind: 'QUOTA_EXCEEDED',
              detail: { sensitivity: 'sensitive', count: 1001, quota: 1000 },
              recordSeq: quotaSeq,
            },
            { at: new Date('2026-03-27T03:00:00Z'), department: 'housing', kind: 'SOMETHING_ELSE', detail: {} },
            { at: new Date('2026-03-28T03:00:00Z'), department: 'housing', kind: 'QUOTA_EXCEEDED', detail: { sensitivity: 'personal' } },
          ],
        });
      },
    });
  });
  afterAll(() => federation?.stop());

  describe('personAccessHistory', () => {
    // The history scenario is 2–5 March; the person is read again later by other scenarios.
    const EARLY_MARCH = { from: '2026-03-01', to: '2026-03-09' };

    it('lists every access to a person, newest first, with who, why and which fields', async () => {
      const { status, body } = await asAuditor(HISTORY, { n: PERSON_1.idNumber, ...EARLY_MARCH });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const history = body.data.personAccessHistory;
      expect(history.totalCount).toBe(4);
      expect(history.edges.map((e: any) => [e.node.requestId, e.node.subgraph, e.node.entityType])).toEqual([
        ['h-4', 'events', 'EventParty'],
        ['h-4', 'population', 'Person'],
        ['h-2', 'population', 'Person'],
        ['h-1', 'population', 'Person'],
      ]);
      expect(history.edges[3].node).toEqual({
        recordSeq: seqOf('h-1'),
        requestId: 'h-1',
        at: '2026-03-02T02:00:00.000Z',
        department: 'health',
        userId: 'h1',
        purpose: 'health-services',
        operationName: 'PersonCard',
        outcome: 'OK',
        entityType: 'Person',
        entityKey: PERSON_1.id,
        subgraph: 'population',
        fieldsRaw: ['Person.name', 'Person.gender'],
        fieldsMasked: ['Person.idNumber', 'Person.phone'],
        fieldsDenied: [],
      });
      expect(history.edges[2].node).toMatchObject({ department: 'civil-affairs', outcome: 'PARTIAL', fieldsDenied: ['Person.ethnicity'] });
      // Keys and coordinates only: the number the auditor typed never comes back.
      expect(JSON.stringify(body)).not.toContain(PERSON_1.idNumber);
    });

    it('pages through the history with cursors', async () => {
      const first = await asAuditor(HISTORY, { n: PERSON_1.idNumber, ...EARLY_MARCH, first: 2 });
      const page1 = first.body.data.personAccessHistory;
      expect(page1.edges.map((e: any) => e.node.requestId)).toEqual(['h-4', 'h-4']);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const second = await asAuditor(HISTORY, { n: PERSON_1.idNumber, ...EARLY_MARCH, first: 2, after: page1.pageInfo.endCursor });
      const page2 = second.body.data.personAccessHistory;
      expect(page2.edges.map((e: any) => e.node.requestId)).toEqual(['h-2', 'h-1']);
      expect(page2.pageInfo.hasNextPage).toBe(false);
    });

    it('narrows by department and by time, both ends included', async () => {
      // Health read person 1 only in the history scenario, so no range is needed here.
      const health = await asAuditor(HISTORY, { n: PERSON_1.idNumber, d: 'health' });
      expect(health.body.data.personAccessHistory.edges.map((e: any) => e.node.requestId)).toEqual(['h-4', 'h-4', 'h-1']);
      const days = await asAuditor(HISTORY, { n: PERSON_1.idNumber, from: '2026-03-03', to: '2026-03-04' });
      expect(days.body.data.personAccessHistory.edges.map((e: any) => e.node.requestId)).toEqual(['h-2']);
      const instant = await asAuditor(HISTORY, { n: PERSON_1.idNumber, from: '2026-03-02T10:00:00+08:00', to: '2026-03-02T02:00:00Z' });
      expect(instant.body.data.personAccessHistory.edges.map((e: any) => e.node.requestId)).toEqual(['h-1']);
    });

    it('narrows by user, purpose and client with the same filter as any record', async () => {
      const byUser = await asAuditor(HISTORY_FILTERED, { n: PERSON_1.idNumber, f: { userId: 'h2' } });
      expect(byUser.body.data.personAccessHistory.edges.map((e: any) => e.node.requestId)).toEqual(['h-4', 'h-4']);
      const byPurpose = await asAuditor(HISTORY_FILTERED, { n: PERSON_1.idNumber, d: 'health', f: { purpose: 'health-services' } });
      expect(byPurpose.body.data.personAccessHistory.edges.map((e: any) => e.node.requestId)).toEqual(['h-1']);
      // The filter narrows the arguments, never widens them.
      const both = await asAuditor(HISTORY_FILTERED, { n: PERSON_1.idNumber, d: 'civil-affairs', f: { department: 'health' } });
      expect(both.body.data.personAccessHistory.totalCount).toBe(0);
    });

    it('finds the other person, and nobody for a person never read', async () => {
      const other = await asAuditor(HISTORY, { n: PERSON_2.idNumber, from: '2026-03-01', to: '2026-03-09' });
      expect(other.body.data.personAccessHistory.edges.map((e: any) => e.node.requestId)).toEqual(['h-3', 'h-2']);
      const nobody = await asAuditor(HISTORY, { n: NEVER_READ });
      expect(nobody.body.data.personAccessHistory).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    });

    it.each([
      ['a short ID number', { n: '44990019800101' }, 'idNumber', /idNumber is not a valid resident ID number/],
      ['a wrong check character', { n: PERSON_1.idNumber.slice(0, 17) + (PERSON_1.idNumber[17] === '0' ? '1' : '0') }, 'idNumber', /check/],
      ['an unknown department', { n: PERSON_1.idNumber, d: 'ministry-of-magic' }, 'department', /not a department/],
      ['a reversed range', { n: PERSON_1.idNumber, from: '2026-03-05', to: '2026-03-01' }, 'to', /before from/],
      ['a forged cursor', { n: PERSON_1.idNumber, after: Buffer.from('gs1:["x"]').toString('base64url') }, 'after', /not a cursor/],
    ])('refuses %s with BAD_USER_INPUT', async (_label, variables, argument, message) => {
      const { body } = await asAuditor(HISTORY, variables);
      expect(body.data?.personAccessHistory ?? null).toBeNull();
      expect(body.errors![0].message).toMatch(message);
      expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    });
  });

  describe('recordAccessHistory: any record, not only a person', () => {
    const RECORD_HISTORY = `query ($t: String!, $k: ID!, $f: RecordAccessFilter, $first: Int, $after: String) {
      recordAccessHistory(entityType: $t, entityKey: $k, filter: $f, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { requestId department userId purpose entityType entityKey subgraph fieldsRaw fieldsDenied outcome record { clientName } } }
      }
    }`;
    const history = async (t: string, k: string, f?: Record<string, unknown>, first?: number, after?: string) => {
      const { body } = await asAuditor(RECORD_HISTORY, { t, k, f, first, after });
      expect(body.errors).toBeUndefined();
      return body.data.recordAccessHistory;
    };
    const ids = (connection: any) => connection.edges.map((e: any) => e.node.requestId);

    it('answers who read a house, newest first, with who, why, which client and what was refused', async () => {
      const house = await history('House', 'H-1');
      expect(house.totalCount).toBe(3);
      expect(ids(house)).toEqual(['oh-8', 'house-2', 'house-1']);
      expect(house.edges[1].node).toEqual({
        requestId: 'house-2',
        department: 'public-security',
        userId: 'p1',
        purpose: 'case-investigation',
        entityType: 'House',
        entityKey: 'H-1',
        subgraph: 'housing',
        fieldsRaw: ['House.code'],
        fieldsDenied: ['House.ownerPhone'],
        outcome: 'PARTIAL',
        record: { clientName: 'ps-portal' },
      });
    });

    it("answers who read an event's party", async () => {
      expect(ids(await history('EventParty', 'E-1:1'))).toEqual(['h-4']);
    });

    it('narrows by purpose, user, department, client name and period, each alone and together', async () => {
      expect(ids(await history('House', 'H-1', { purpose: 'case-investigation' }))).toEqual(['house-2']);
      expect(ids(await history('House', 'H-1', { userId: 'hh1' }))).toEqual(['house-1']);
      expect(ids(await history('House', 'H-1', { department: 'grid-command' }))).toEqual(['oh-8']);
      expect(ids(await history('House', 'H-1', { clientName: 'housing-desk' }))).toEqual(['house-1']);
      expect(ids(await history('House', 'H-1', { from: '2026-03-18', to: '2026-03-18' }))).toEqual(['house-2', 'house-1']);
      expect(ids(await history('House', 'H-1', { from: '2026-03-18T10:30:00+08:00', to: '2026-03-31' }))).toEqual(['oh-8', 'house-2']);
      const none = await history('House', 'H-1', { department: 'housing', purpose: 'case-investigation' });
      expect(none).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
      // Same key, other type: a house's history is not a person's.
      expect((await history('Person', 'H-1')).totalCount).toBe(0);
    });

    it('pages with cursors without gaps or repeats', async () => {
      const page1 = await history('House', 'H-1', undefined, 2);
      expect(ids(page1)).toEqual(['oh-8', 'house-2']);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = await history('House', 'H-1', undefined, 2, page1.pageInfo.endCursor);
      expect(ids(page2)).toEqual(['house-1']);
      expect(page2.pageInfo.hasNextPage).toBe(false);
    });

    it.each([
      [{ t: 'house', k: 'H-1' }, 'entityType'],
      [{ t: 'House', k: "H-1' OR 1=1" }, 'entityKey'],
      [{ t: 'House', k: 'H-1', f: { department: 'ministry-of-magic' } }, 'filter.department'],
      [{ t: 'House', k: 'H-1', f: { purpose: '' } }, 'filter.purpose'],
      [{ t: 'House', k: 'H-1', f: { clientName: 'x'.repeat(201) } }, 'filter.clientName'],
      [{ t: 'House', k: 'H-1', f: { from: '2026-03-10', to: '2026-03-01' } }, 'filter.to'],
    ])('refuses %p with BAD_USER_INPUT naming %s', async (variables, argument) => {
      const { body } = await asAuditor(RECORD_HISTORY, variables);
      expect(body.data?.recordAccessHistory ?? null).toBeNull();
      expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    });

    it("is the audit office's alone: another department is refused and learns nothing", async () => {
      const { body } = await federation.queryAs({ department: 'fire-rescue', user: 'f1' }, RECORD_HISTORY, { t: 'House', k: 'H-1' });
      expect(body.data?.recordAccessHistory ?? null).toBeNull();
      expect(JSON.stringify(body)).not.toContain('house-1');
    });
  });

  describe('accessRecords', () => {
    const requestIds = async (filter: Record<string, unknown>) => {
      const { body } = await asAuditor(RECORDS, { f: filter, first: 500 });
      expect(body.errors).toBeUndefined();
      return body.data.accessRecords.edges.map((e: any) => e.node.requestId);
    };

    it('filters on each part, newest first', async () => {
      expect(await requestIds({ coordinate: 'Person.ethnicity' })).toEqual(['h-2']);
      expect(await requestIds({ coordinate: 'Person.phone', department: 'housing' })).toEqual(['hs-4']);
      expect(await requestIds({ coordinate: 'Person.phone', from: '2026-03-02', to: '2026-03-02' })).toEqual(['h-1']);
      expect(await requestIds({ userId: 'h1' })).toEqual(['h-1']);
      expect(await requestIds({ requestId: 'h-3' })).toEqual(['h-3']);
      expect(await requestIds({ department: 'housing', outcome: 'REJECTED' })).toEqual(['hs-3']);
      expect(await requestIds({ department: 'housing', from: '2026-03-10T11:00:00+08:00', to: '2026-03-11' })).toEqual(['hs-5', 'hs-4', 'hs-3', 'hs-2']);
    });

    it('pages through a department without gaps or repeats', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const { body }: any = await asAuditor(RECORDS, { f: { department: 'human-resources-social-security' }, first: 7, after });
        const connection = body.data.accessRecords;
        expect(connection.totalCount).toBe(74);
        seen.push(...connection.edges.map((e: any) => e.node.seq));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(74);
      expect(new Set(seen).size).toBe(74);
      expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
    });

    it.each([
      [{ department: 'ministry-of-magic' }, 'filter.department'],
      [{ coordinate: 'phone' }, 'filter.coordinate'],
      [{ from: 'last tuesday' }, 'filter.from'],
      [{ from: '2026-03-10', to: '2026-03-01' }, 'filter.to'],
      [{ userId: '' }, 'filter.userId'],
    ])('refuses the filter %p with BAD_USER_INPUT naming %s', async (filter, argument) => {
      const { body } = await asAuditor(RECORDS, { f: filter });
      expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    });

    it('refuses an outcome that is not one of the enum', async () => {
      const { status, body } = await asAuditor(RECORDS, { f: { outcome: 'MAYBE' } });
      expect(status).toBe(400);
      expect(body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(body.errors![0].message).toMatch(/AuditOutcome/);
    });
  });

  describe('auditRecord', () => {
    const RECORD = `query ($seq: ID, $r: ID) {
      auditRecord(seq: $seq, requestId: $r) {
        seq requestId at department userId level purpose clientName operationName operationType documentHash variables
        fieldsGranted fieldsMasked fieldsDenied denialReasons outcome httpStatus durationMs recordCount sensitiveRecordCount
        prevHash hash line chainPosition { seq prevHash hash }
        accesses { recordSeq entityType entityKey subgraph fieldsRaw fieldsMasked fieldsDenied department }
      }
    }`;

    it('returns every column of the record, its chain position and its accesses', async () => {
      const stored = records.find((r) => r.requestId === 'h-2')!;
      const previous = records.find((r) => r.seq === stored.seq - 1)!;
      const bySeq = await asAuditor(RECORD, { seq: String(stored.seq) });
      const byRequest = await asAuditor(RECORD, { r: 'h-2' });
      expect(bySeq.body).toEqual(byRequest.body);
      const record = bySeq.body.data.auditRecord;
      expect(record).toMatchObject({
        seq: String(stored.seq),
        requestId: 'h-2',
        at: stored.at,
        department: 'civil-affairs',
        userId: 'c1',
        level: 'city',
        variables: null,
        fieldsDenied: ['Person.ethnicity'],
        denialReasons: ['NOT_SHARED'],
        outcome: 'PARTIAL',
        httpStatus: 200,
        durationMs: 12.5,
        recordCount: 2,
        hash: stored.hash,
        prevHash: previous.hash,
        chainPosition: { seq: String(stored.seq), prevHash: previous.hash, hash: stored.hash },
      });
      expect(record.accesses).toEqual([
        {
          recordSeq: String(stored.seq),
          entityType: 'Person',
          entityKey: PERSON_1.id,
          subgraph: 'population',
          fieldsRaw: ['Person.name'],
          fieldsMasked: [],
          fieldsDenied: ['Person.ethnicity'],
          department: 'civil-affairs',
        },
        {
          recordSeq: String(stored.seq),
          entityType: 'Person',
          entityKey: PERSON_2.id,
          subgraph: 'population',
          fieldsRaw: ['Person.name'],
          fieldsMasked: [],
          fieldsDenied: ['Person.ethnicity'],
          department: 'civil-affairs',
        },
      ]);
      // The line is what the NDJSON files hold: the whole record, accesses included, as hashed.
      expect(JSON.parse(record.line)).toEqual(stored);
      const withVariables = await asAuditor(RECORD, { r: 'h-1' });
      expect(JSON.parse(withVariables.body.data.auditRecord.variables)).toEqual({ n: '<redacted>' });
    });

    it('is null for a position not in the chain, and needs exactly one key', async () => {
      expect((await asAuditor(RECORD, { seq: '999999999' })).body.data.auditRecord).toBeNull();
      for (const variables of [{}, { seq: '1', r: 'h-1' }]) {
        expect((await asAuditor(RECORD, variables)).body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      }
      expect((await asAuditor(RECORD, { seq: '-3' })).body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'seq' });
    });
  });

  describe('departmentDailySummaries', () => {
    const SUMMARIES = `query ($from: String!, $to: String!, $d: ID) {
      departmentDailySummaries(from: $from, to: $to, department: $d) {
        department date operations personalRecordsRead distinctPersonsRead sensitiveRecordsRead denials baseline
      }
    }`;

    it("counts a department's local days against its own baseline (hand-computed)", async () => {
      const { body } = await asAuditor(SUMMARIES, { from: '2026-03-10', to: '2026-03-11', d: 'housing' });
      expect(body.errors).toBeUndefined();
      expect(body.data.departmentDailySummaries).toEqual([
        {
          department: 'housing',
          date: '2026-03-10',
          operations: 4,
          personalRecordsRead: 3,
          distinctPersonsRead: 2,
          sensitiveRecordsRead: 4,
          denials: 2,
          baseline: 0.5,
        },
        // 23:59:59.999 local is still the 11th; midnight is the 12th.
        {
          department: 'housing',
          date: '2026-03-11',
          operations: 1,
          personalRecordsRead: 0,
          distinctPersonsRead: 0,
          sensitiveRecordsRead: 0,
          denials: 0,
          baseline: 0.5,
        },
      ]);
    });

    it('covers every department active in the range or its baseline, every day', async () => {
      const { body } = await asAuditor(SUMMARIES, { from: '2026-03-10', to: '2026-03-11' });
      const rows = body.data.departmentDailySummaries as any[];
      expect(rows.filter((r) => r.department === 'housing').map((r) => r.operations)).toEqual([4, 1]);
      expect(rows.find((r) => r.department === 'human-resources-social-security' && r.date === '2026-03-10')).toMatchObject({
        operations: 1,
        baseline: 9 / 14,
      });
      expect(rows.find((r) => r.department === 'health' && r.date === '2026-03-10')).toMatchObject({ operations: 0, baseline: 2 / 14 });
      expect(new Set(rows.map((r) => r.date))).toEqual(new Set(['2026-03-10', '2026-03-11']));
    });

    it.each([
      [{ from: '2026-03-10T00:00Z', to: '2026-03-11' }, 'from'],
      [{ from: '2026-03-10', to: '2026-02-11' }, 'to'],
      [{ from: '2025-01-01', to: '2026-03-11' }, 'to'],
      [{ from: '2026-03-10', to: '2026-03-11', d: 'nobody' }, 'department'],
    ])('refuses %p naming %s', async (variables, argument) => {
      const { body } = await asAuditor(SUMMARIES, variables);
      expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    });
  });

  describe('anomalies', () => {
    const ANOMALIES = `query ($from: String!, $to: String!, $d: ID) {
      anomalies(from: $from, to: $to, department: $d) { id kind department userId windowStart windowEnd reason reasonZh recordSeqs recordCount }
    }`;
    const anomalies = async (from: string, to: string, d?: string) => {
      const { body } = await asAuditor(ANOMALIES, { from, to, d });
      expect(body.errors).toBeUndefined();
      return body.data.anomalies as any[];
    };

    it("flags a day far above the department's own baseline, not one that is merely large or new", async () => {
      const found = await anomalies('2026-03-15', '2026-03-15');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        kind: 'VOLUME_ABOVE_BASELINE',
        department: 'human-resources-social-security',
        userId: null,
        // Its 09:00 hour (China time), against the same hour of the Sundays before.
        windowStart: '2026-03-15T01:00:00.000Z',
        windowEnd: '2026-03-15T02:00:00.000Z',
        recordCount: 60,
      });
      expect(found[0].reason).toMatch(
        /on 2026-03-15 \(China time\): 60 operations in 09:00–10:00 against a mean of 0\.0 \(none before\), the same hour on the previous 2 Sundays/,
      );
      expect(found[0].reasonZh).toMatch(/人力资源和社会保障局/);
      expect(found[0].recordSeqs).toHaveLength(50);
      expect(await anomalies('2026-03-15', '2026-03-15', 'emergency-management')).toEqual([]);
    });

    it('flags personal reads before 08:00, from 20:00 and at weekends, per user and day', async () => {
      const found = await anomalies('2026-03-20', '2026-03-21');
      expect(found.map((a) => [a.kind, a.department, a.userId, a.recordCount])).toEqual([
        ['OUT_OF_HOURS', 'civil-affairs', 'c9', 1],
        ['OUT_OF_HOURS', 'civil-affairs', 'c9', 3],
      ]);
      const [weekend, friday] = found;
      expect(weekend.recordSeqs).toEqual([seqOf('oh-7')]);
      expect(weekend.reason).toMatch(/on a weekend/);
      expect(friday.recordSeqs).toEqual([seqOf('oh-2'), seqOf('oh-6'), seqOf('oh-1')].sort((a, b) => Number(a) - Number(b)));
      expect(friday.reason).toMatch(/read 4 personal records in 3 operations before 08:00 or after 20:00/);
      expect(friday.windowStart).toBe('2026-03-19T23:59:59.000Z');
      expect(friday.windowEnd).toBe('2026-03-20T13:30:00.000Z');
    });

    it('flags ten denials by one user within five minutes, not ten spread wider or nine', async () => {
      const found = await anomalies('2026-03-25', '2026-03-25');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        kind: 'DENIAL_BURST',
        department: 'market-regulation',
        userId: 'm1',
        windowStart: '2026-03-25T02:00:00.000Z',
        windowEnd: '2026-03-25T02:04:30.000Z',
        recordCount: 10,
      });
      expect(found[0].recordSeqs).toEqual(Array.from({ length: 10 }, (_, i) => seqOf(`m1-${i}`)));
    });

    it('flags one operation reading sensitive fields of 100 records, not 99', async () => {
      const found = await anomalies('2026-03-26', '2026-03-26');
      expect(found).toEqual([
        expect.objectContaining({ kind: 'BULK_SENSITIVE_READ', department: 'public-security', userId: 'p1', recordSeqs: [seqOf('bulk-100')], recordCount: 1 }),
      ]);
      expect(found[0].reason).toMatch(/sensitive fields of 100 records in one operation \(Sweep, case-investigation\)/);
    });

    it('groups the pages of one bulk read into one finding with its records', async () => {
      const found = await anomalies('2026-03-30', '2026-03-30');
      expect(found).toEqual([
        expect.objectContaining({
          kind: 'BULK_SENSITIVE_READ',
          department: 'public-security',
          userId: 'p2',
          recordCount: 3,
          recordSeqs: ['page-0', 'page-1', 'page-2'].map(seqOf),
          windowStart: '2026-03-30T02:00:00.000Z',
          windowEnd: '2026-03-30T02:00:20.000Z',
        }),
      ]);
      expect(found[0].reason).toMatch(/300 records in 3 operations of at least 100 each \(SweepPage, case-investigation\)/);
      expect(found[0].reasonZh).toMatch(/以3次操作.*共读取300条记录的敏感字段（SweepPage，事由：case-investigation）/);
    });

    it("reports the gateway's quota events of the range", async () => {
      const found = await anomalies('2026-03-27', '2026-03-27');
      expect(found).toEqual([
        expect.objectContaining({
          kind: 'QUOTA_EXCEEDED',
          department: 'housing',
          userId: 'hq',
          windowStart: '2026-03-27T02:00:00.000Z',
          recordSeqs: [seqOf('q-1')],
        }),
      ]);
      expect(found[0].reason).toMatch(/sensitive quota of 1000 records a day \(1001 read\)/);
      expect(found[0].reasonZh).toMatch(/敏感信息/);
    });

    it('gives the same id to the same finding', async () => {
      const again = await anomalies('2026-03-20', '2026-03-27');
      const once = [...(await anomalies('2026-03-20', '2026-03-21')), ...(await anomalies('2026-03-25', '2026-03-27'))];
      expect(again.map((a) => a.id).sort()).toEqual(once.map((a) => a.id).sort());
    });

    it.each([
      [{ from: '2026-03-01', to: '2026-07-01' }, 'to'],
      [{ from: 'March', to: '2026-03-02' }, 'from'],
    ])('refuses %p naming %s', async (variables, argument) => {
      const { body } = await asAuditor(ANOMALIES, variables);
      expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    });
  });

  it("audits the auditors' own queries, without the ID number they looked up", async () => {
    const lookup = 'query WhoReadPerson($n: String!) { personAccessHistory(idNumber: $n) { totalCount } }';
    expect((await asAuditor(lookup, { n: PERSON_2.idNumber })).body.errors).toBeUndefined();
    const { body } = await asAuditor(
      `query ($f: AccessRecordFilter) { accessRecords(filter: $f, first: 500) { edges { node { operationName variables department userId } } } }`,
      { f: { department: 'audit-office', userId: AUDITOR.user } },
    );
    const own = body.data.accessRecords.edges.map((e: any) => e.node).filter((n: any) => n.operationName === 'WhoReadPerson');
    expect(own).toHaveLength(1);
    expect(JSON.stringify(body)).not.toContain(PERSON_2.idNumber);
    // Recorded by shape: the keyed digest auditors search persons by, not the number.
    expect(JSON.parse(own[0].variables)).toEqual({ n: `[id-number:${subjectDigest(federation.subjectDigestKey, PERSON_2.idNumber)}]` });
  });

  describe('departments other than the audit office', () => {
    const query = '{ accessRecords(first: 1) { totalCount edges { node { seq department } } } }';

    it('cannot even name the audit fields at the gateway: they are absent from their contract', async () => {
      const { status, body } = await federation.queryAs({ department: 'health' }, query);
      expect(status).toBe(400);
      expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors![0].message).toMatch(/accessRecords/);
    });

    it('get FORBIDDEN from the audit subgraph itself, even with a gateway-signed caller', async () => {
      const token = await new CallerTokenSigner(federation.keys.privateKey).sign(
        { department: 'public-security', user: 'probe', level: 'city', jurisdiction: [] },
        'audit',
        { query },
      );
      const { body } = await postGraphQL(federation.subgraphUrl('audit'), query, undefined, { authorization: `Bearer ${token}` });
      expect(body.data?.accessRecords ?? null).toBeNull();
      expect(body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_SHARED' });
    });
  });
});
