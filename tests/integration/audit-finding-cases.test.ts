import type { AuditBackground } from '../../subgraphs/audit/src/findings/background';
import type { AuditPrisma } from '../../subgraphs/audit/src/prisma';
import { verifySignature } from '../../subgraphs/kit/src/webhooks/signature';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { chainSpecs, insertTrail, RecordSpec } from '../helpers/audit-fixtures';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';

const AUDITOR = { department: 'audit-office', user: 'auditor-1' };
const NOW = new Date('2026-03-12T02:00:00Z');
const FINDING = `id kind department userId recordCount state assignee
  timeline { action at department userId requestId fromState toState assignee note }`;
const ANOMALIES = `query ($from: String!, $to: String!, $state: FindingState, $assignee: ID) {
  anomalies(from: $from, to: $to, state: $state, assignee: $assignee) { ${FINDING} }
}`;
const step = (mutation: string, input = 'FindingStepInput') => `mutation ($input: ${input}!) { ${mutation}(input: $input) { finding { ${FINDING} } } }`;
const ACKNOWLEDGE = step('acknowledgeFinding');
const ASSIGN = step('assignFinding', 'AssignFindingInput');
const ANNOTATE = step('annotateFinding');
const RESOLVE = step('resolveFinding');
const REFER = step('referFinding');
const SUBSCRIBE = `mutation ($input: SubscribeToFindingsInput!) { subscribeToFindings(input: $input) { subscription { id kinds active secret } } }`;

/** A paged bulk read: 5 pages of 120 people's sensitive fields by one officer on one morning, and an auditor-2 who has signed in before. */
function trail(): RecordSpec[] {
  const pages = Array.from({ length: 5 }, (_, i) => ({
    at: `2026-03-11T10:0${i}:00+08:00`,
    department: 'public-security',
    userId: 'officer-7',
    operationName: 'PeoplePage',
    purpose: 'case-investigation',
    sensitiveRecordCount: 120,
  }));
  // That evening, past 20:00, education reads a person: an OUT_OF_HOURS finding, a kind not subscribed to below.
  const late = {
    at: '2026-03-11T21:30:00+08:00',
    department: 'education',
    userId: 'edu-9',
    accesses: [{ subgraph: 'population', entityType: 'Person', entityKey: 'p-1', raw: ['Person.name'], masked: [], denied: [] }],
  };
  return [...pages, { at: '2026-03-10T09:00:00+08:00', department: 'audit-office', userId: 'auditor-2' }, late as RecordSpec];
}

describe.each(testBackends())('findings worked as cases (%s)', (backend) => {
  let federation: TestFederation;
  let findingId: string;
  beforeAll(async () => {
    federation = await startTestFederation({
      backend,
      seed: false,
      now: () => NOW,
      prepare: async (databases) => insertTrail(databases.audit!.prisma as AuditPrisma, chainSpecs(trail())),
    });
  });
  afterAll(() => federation?.stop());

  const findings = async (variables: Record<string, unknown> = {}) => {
    const { body } = await federation.queryAs(AUDITOR, ANOMALIES, { from: '2026-03-11', to: '2026-03-11', ...variables });
    expect(body.errors).toBeUndefined();
    return (body.data.anomalies as any[]).filter((a) => a.kind === 'BULK_SENSITIVE_READ');
  };
  const work = async (mutation: string, input: Record<string, unknown>, claims = AUDITOR) => federation.queryAs(claims, mutation, { input });

  it('groups a paged bulk read into one open finding with its records', async () => {
    const found = await findings();
    expect(found).toEqual([
      expect.objectContaining({ department: 'public-security', userId: 'officer-7', recordCount: 5, state: 'OPEN', assignee: null, timeline: [] }),
    ]);
    findingId = found[0].id;
  });

  it('refuses every step to a department other than the audit office, and stores nothing', async () => {
    // Asking only for the finding's id (a key every contract may carry): the step itself must be refused.
    for (const field of ['acknowledgeFinding', 'resolveFinding']) {
      const mutation = `mutation ($input: FindingStepInput!) { ${field}(input: $input) { finding { id } } }`;
      const { body } = await work(mutation, { findingId, note: 'nothing to see' }, { department: 'public-security', user: 'officer-7' });
      expect(body.data?.acknowledgeFinding ?? body.data?.resolveFinding ?? null).toBeNull();
      expect(body.errors?.length).toBeGreaterThan(0);
    }
    expect((await findings())[0]).toMatchObject({ state: 'OPEN', timeline: [] });
  });

  it('names what was wrong with a step and keeps the case as it was', async () => {
    const noNote = await work(RESOLVE, { findingId });
    expect(noNote.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/input\.note is required/), extensions: { code: 'BAD_USER_INPUT' } });
    const unknown = await work(ACKNOWLEDGE, { findingId: 'BULK_SENSITIVE_READ:public-security:officer-7:2026-03-12' });
    expect(unknown.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/No finding/), extensions: { code: 'NOT_FOUND' } });
    const malformed = await work(ACKNOWLEDGE, { findingId: 'whatever' });
    expect(malformed.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/not a finding id/), extensions: { code: 'BAD_USER_INPUT' } });
    const notAuditor = await work(ASSIGN, { findingId, assignee: 'officer-7' });
    expect(notAuditor.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/"officer-7" is not an auditor/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect((await findings())[0]).toMatchObject({ state: 'OPEN', timeline: [] });
  });

  it('acknowledges, assigns, annotates and resolves, each step in the timeline and on the trail', async () => {
    const acknowledged = await work(ACKNOWLEDGE, { findingId, note: '已受理' });
    expect(acknowledged.body.errors).toBeUndefined();
    expect(acknowledged.body.data.acknowledgeFinding.finding).toMatchObject({
      state: 'ACKNOWLEDGED',
      timeline: [
        {
          action: 'ACKNOWLEDGE',
          at: NOW.toISOString(),
          department: 'audit-office',
          userId: 'auditor-1',
          fromState: 'OPEN',
          toState: 'ACKNOWLEDGED',
          note: '已受理',
        },
      ],
    });
    const again = await work(ACKNOWLEDGE, { findingId });
    expect(again.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/cannot be acknowledged: it is ACKNOWLEDGED/),
      extensions: { code: 'CONFLICT' },
    });

    expect((await work(ASSIGN, { findingId, assignee: 'auditor-2' })).body.data.assignFinding.finding).toMatchObject({
      state: 'ACKNOWLEDGED',
      assignee: 'auditor-2',
    });
    expect((await work(ANNOTATE, { findingId, note: '已约谈民警，系专案查询' })).body.data.annotateFinding.finding.state).toBe('ACKNOWLEDGED');
    const resolved = await work(RESOLVE, { findingId, note: '专案批准文书齐全，属正当使用' });
    const finding = resolved.body.data.resolveFinding.finding;
    expect(finding.state).toBe('RESOLVED_JUSTIFIED');
    expect(finding.timeline.map((s: any) => s.action)).toEqual(['ACKNOWLEDGE', 'ASSIGN', 'ANNOTATE', 'RESOLVE_JUSTIFIED']);

    // Each step is one operation on the trail, with its root field; the note's text is not there.
    const requestId = finding.timeline[3].requestId;
    const { body } = await federation.queryAs(AUDITOR, `query ($r: ID) { auditRecord(requestId: $r) { rootFields operationType outcome variables line } }`, {
      r: requestId,
    });
    expect(body.data.auditRecord).toMatchObject({ rootFields: ['Mutation.resolveFinding'], operationType: 'mutation', outcome: 'OK' });
    expect(body.data.auditRecord.line).not.toContain('专案批准文书');
  });

  it('keeps a closed finding closed: it cannot be acknowledged, referred or reassigned, only annotated', async () => {
    for (const [mutation, input] of [
      [ACKNOWLEDGE, { findingId }],
      [REFER, { findingId, note: '移交纪检' }],
      [ASSIGN, { findingId, assignee: 'auditor-1' }],
    ] as const) {
      const { body } = await work(mutation, input);
      expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/it is closed \(state RESOLVED_JUSTIFIED/), extensions: { code: 'CONFLICT' } });
    }
    expect((await work(ANNOTATE, { findingId, note: '归档' })).body.errors).toBeUndefined();
  });

  it('notifies a subscriber of a new finding of a kind it chose, signed, once', async () => {
    const receiver = new WebhookReceiver();
    await receiver.start();
    try {
      const background = federation.system.subgraphs.audit!.background as AuditBackground;
      const refused = await federation.queryAs(AUDITOR, SUBSCRIBE, { input: { url: 'http://example.org/hook', kinds: ['BULK_SENSITIVE_READ'] } });
      expect(refused.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/input\.url must be https/), extensions: { code: 'BAD_USER_INPUT' } });
      const asOfficer = await federation.queryAs({ department: 'public-security', user: 'officer-7' }, SUBSCRIBE, {
        input: { url: `${receiver.url}/ps`, kinds: ['BULK_SENSITIVE_READ'] },
      });
      expect(asOfficer.body.data?.subscribeToFindings ?? null).toBeNull();

      const { body } = await federation.queryAs(AUDITOR, SUBSCRIBE, { input: { url: `${receiver.url}/findings`, kinds: ['BULK_SENSITIVE_READ'] } });
      expect(body.errors).toBeUndefined();
      const { secret } = body.data.subscribeToFindings.subscription;
      const all = (await federation.queryAs(AUDITOR, ANOMALIES, { from: '2026-03-11', to: '2026-03-11' })).body.data.anomalies;
      expect(all.map((a: any) => a.kind).sort()).toEqual(['BULK_SENSITIVE_READ', 'OUT_OF_HOURS']);
      // The clock stands on 12 March (China time): yesterday's bulk read is new to the subscriber (the out-of-hours read is not its kind).
      expect(await background.notify()).toEqual({ queued: 1, attempted: 1 });
      expect(receiver.requests).toHaveLength(1);
      const [request] = receiver.requests;
      expect(verifySignature(secret, request!.signature, request!.body, Math.floor(Date.now() / 1000), 10 ** 9)).toBe(true);
      expect(JSON.parse(request!.body)).toMatchObject({
        topic: 'FINDING_RAISED',
        finding: { id: findingId, kind: 'BULK_SENSITIVE_READ', department: 'public-security' },
      });
      expect(request!.body).not.toContain('recordSeqs');
      // Announced once: another sweep sends nothing.
      expect(await background.notify()).toEqual({ queued: 0, attempted: 0 });
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.stop();
    }
  });

  it('filters findings by their case state and assignee', async () => {
    expect(await findings({ state: 'RESOLVED_JUSTIFIED' })).toHaveLength(1);
    expect(await findings({ state: 'OPEN' })).toHaveLength(0);
    expect(await findings({ assignee: 'auditor-2' })).toHaveLength(1);
    expect(await findings({ assignee: 'auditor-1' })).toHaveLength(0);
  });
});
