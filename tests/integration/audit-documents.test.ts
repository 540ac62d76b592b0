import type { AuditPrisma } from '../../subgraphs/audit/src/prisma';
import type { PopulationPrisma } from '../../subgraphs/population/src/prisma';
import { blankedDocument } from '../../gateway/src/audit/operation-documents';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';

const AUDITOR = { department: 'audit-office', user: 'auditor-1' };
const RECORD_BY_REQUEST = `query ($id: ID!) {
  accessRecords(filter: { requestId: $id }, first: 1) { edges { node { seq documentHash document } } }
}`;

describe('operation documents, blanked', () => {
  it('keep the question and blank every literal: strings, numbers, inside lists and objects', () => {
    expect(blankedDocument('{ personByIdNumber(idNumber: "440101199001011234") { name } persons(gridCode: "449900", first: 3.5) { totalCount } }')).toBe(
      '{\n  personByIdNumber(idNumber: "") {\n    name\n  }\n  persons(gridCode: "", first: 0) {\n    totalCount\n  }\n}',
    );
    expect(blankedDocument('mutation { x(input: { names: ["张三", """李四"""], n: 7, ok: true, kind: HOUSE }) }')).toBe(
      'mutation {\n  x(input: {names: ["", ""], n: 0, ok: true, kind: HOUSE})\n}',
    );
    expect(blankedDocument('{ person(id: "P1" ')).toBeNull();
  });
});

describe.each(testBackends())('what an operation asked, for auditors (%s)', (backend) => {
  let federation: TestFederation;
  let idNumber: string;
  let audit: AuditPrisma;
  beforeAll(async () => {
    let population: PopulationPrisma | undefined;
    federation = await startTestFederation({
      backend,
      prepare: async (databases) => {
        population = databases.population!.prisma as PopulationPrisma;
        audit = databases.audit!.prisma as AuditPrisma;
      },
    });
    idNumber = (await population!.person.findFirstOrThrow({ orderBy: { id: 'asc' } })).idNumber;
  });
  afterAll(() => federation?.stop());

  it('shows an auditor the document without the ID number it asked for, stored once however often it is asked', async () => {
    const asked = `{ personByIdNumber(idNumber: "${idNumber}") { name } }`;
    const first = await federation.query(asked);
    const second = await federation.query(asked);
    expect(first.body.errors).toBeUndefined();

    const records = [];
    for (const answer of [first, second]) {
      const found = await federation.queryAs(AUDITOR, RECORD_BY_REQUEST, { id: answer.headers.get('x-request-id') });
      expect(found.body.errors).toBeUndefined();
      records.push(found.body.data.accessRecords.edges[0].node);
    }
    expect(records[0].documentHash).toBe(records[1].documentHash);
    expect(records[0].document).toBe('{\n  personByIdNumber(idNumber: "") {\n    name\n  }\n}');
    expect(records[1].document).toBe(records[0].document);
    expect(JSON.stringify(records)).not.toContain(idNumber);

    const stored = await audit.auditDocument.findMany({ where: { hash: records[0].documentHash } });
    expect(stored).toHaveLength(1);
    expect(await audit.auditDocument.count({ where: { document: { contains: idNumber } } })).toBe(0);
  });

  it("is the audit office's alone: another department cannot ask for it", async () => {
    const refused = await federation.query(`{ accessRecords(first: 1) { edges { node { document } } } }`);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).not.toMatch(/personByIdNumber/);
  });
});
