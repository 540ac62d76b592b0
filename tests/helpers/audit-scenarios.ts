import { makeResidentIdNumber } from '../../platform/identifiers/resident-id';
import { subjectDigest } from '../../audit-trail/subject-digest';
import { personAccess, RecordSpec } from './audit-fixtures';

/**
 * A month of trail (March 2026, local time UTC+08:00), one scenario per department and day so that
 * each assertion can be computed by hand. 2026-03-01 is a Sunday.
 */
export const PERSON_1 = { id: 'P-0001', idNumber: makeResidentIdNumber('449900', '1980-01-01', 11) };
export const PERSON_2 = { id: 'P-0002', idNumber: makeResidentIdNumber('449900', '1990-06-15', 22) };
export const NEVER_READ = makeResidentIdNumber('449900', '1975-03-03', 33);

const HRSS = 'human-resources-social-security';

const repeat = (count: number, make: (i: number) => RecordSpec): RecordSpec[] => Array.from({ length: count }, (_, i) => make(i));
const at = (local: string) => `${local}+08:00`;
const seconds = (base: string, offset: number) => new Date(Date.parse(at(base)) + offset * 1000).toISOString();

export function auditScenarios(key: Buffer): RecordSpec[] {
  const p1 = (fields: Parameters<typeof personAccess>[2], subgraph?: string, entityType?: string, entityKey = PERSON_1.id) =>
    personAccess(entityKey, subjectDigest(key, PERSON_1.idNumber), fields, subgraph, entityType);
  const p2 = (fields: Parameters<typeof personAccess>[2]) => personAccess(PERSON_2.id, subjectDigest(key, PERSON_2.idNumber), fields);
  return [
    // Who read person 1 and person 2 (2–5 March).
    {
      requestId: 'h-1',
      at: at('2026-03-02T10:00:00'),
      department: 'health',
      userId: 'h1',
      purpose: 'health-services',
      operationName: 'PersonCard',
      variables: { n: '<redacted>' },
      fieldsGranted: ['Person.name', 'Person.gender'],
      fieldsMasked: ['Person.idNumber', 'Person.phone'],
      accesses: [p1({ raw: ['Person.name', 'Person.gender'], masked: ['Person.idNumber', 'Person.phone'] })],
    },
    {
      requestId: 'h-2',
      at: at('2026-03-03T11:00:00'),
      department: 'civil-affairs',
      userId: 'c1',
      outcome: 'PARTIAL',
      fieldsGranted: ['Person.name'],
      fieldsDenied: ['Person.ethnicity'],
      denialReasons: ['NOT_SHARED'],
      accesses: [p1({ raw: ['Person.name'], denied: ['Person.ethnicity'] }), p2({ raw: ['Person.name'], denied: ['Person.ethnicity'] })],
    },
    {
      requestId: 'h-3',
      at: at('2026-03-04T09:00:00'),
      department: 'grid-command',
      userId: 'g1',
      accesses: [p2({ raw: ['Person.name'], masked: ['Person.idNumber'] })],
    },
    {
      requestId: 'h-4',
      at: at('2026-03-05T09:30:00'),
      department: 'health',
      userId: 'h2',
      accesses: [p1({ raw: ['Person.name'] }), p1({ raw: ['EventParty.role'] }, 'events', 'EventParty', 'E-1:1')],
    },

    // Housing's daily summary: baseline window 24 Feb – 9 Mar holds 2 + 5 operations (mean 0.5).
    ...repeat(3, (i) => ({ at: seconds('2026-02-23T10:00:00', i), department: 'housing' })),
    ...repeat(2, (i) => ({ at: seconds('2026-02-25T10:00:00', i), department: 'housing' })),
    ...repeat(5, (i) => ({ at: seconds('2026-03-01T11:00:00', i), department: 'housing' })),
    { requestId: 'hs-1', at: at('2026-03-10T10:00:00'), department: 'housing', sensitiveRecordCount: 1, accesses: [p1({ masked: ['Person.idNumber'] })] },
    {
      requestId: 'hs-2',
      at: at('2026-03-10T11:00:00'),
      department: 'housing',
      sensitiveRecordCount: 3,
      accesses: [p1({ raw: ['Person.name'] }), p2({ raw: ['Person.name'] })],
    },
    { requestId: 'hs-3', at: at('2026-03-10T12:00:00'), department: 'housing', outcome: 'REJECTED', httpStatus: 400 },
    {
      requestId: 'hs-4',
      at: at('2026-03-10T13:00:00'),
      department: 'housing',
      outcome: 'PARTIAL',
      fieldsDenied: ['Person.phone'],
      accesses: [p2({ denied: ['Person.phone'] })],
    },
    { requestId: 'hs-5', at: at('2026-03-11T23:59:59.999'), department: 'housing' },
    { requestId: 'hs-6', at: at('2026-03-12T00:00:00'), department: 'housing' },

    // Volume on Sunday 15 March: HRSS 60 in its 09:00 hour, which was quiet on the Sundays before
    // (flagged); fire-rescue 19 with no history and emergency management 21, still in its warm-up, are not.
    ...repeat(14, (i) => ({ at: at(`2026-03-${String(i + 1).padStart(2, '0')}T10:00:00`), department: HRSS, userId: 'r1' })),
    ...repeat(60, (i) => ({ at: seconds('2026-03-15T09:00:00', i * 60), department: HRSS, userId: 'r1' })),
    ...repeat(19, (i) => ({ at: seconds('2026-03-15T10:00:00', i), department: 'fire-rescue' })),
    ...repeat(98, (i) => ({ at: seconds('2026-03-05T14:00:00', i), department: 'emergency-management' })),
    ...repeat(21, (i) => ({ at: seconds('2026-03-15T10:00:00', i), department: 'emergency-management' })),

    // Out of hours: civil affairs user c9 on Friday 20 and Saturday 21 March.
    { requestId: 'oh-1', at: at('2026-03-20T21:30:00'), department: 'civil-affairs', userId: 'c9', accesses: [p2({ raw: ['Person.name'] })] },
    { requestId: 'oh-2', at: at('2026-03-20T07:59:59'), department: 'civil-affairs', userId: 'c9', accesses: [p1({ masked: ['Person.phone'] })] },
    { requestId: 'oh-3', at: at('2026-03-20T08:00:00'), department: 'civil-affairs', userId: 'c9', accesses: [p1({ raw: ['Person.name'] })] },
    { requestId: 'oh-4', at: at('2026-03-20T19:59:59'), department: 'civil-affairs', userId: 'c9', accesses: [p1({ raw: ['Person.name'] })] },
    { requestId: 'oh-5', at: at('2026-03-20T22:00:00'), department: 'civil-affairs', userId: 'c9', accesses: [p1({ denied: ['Person.phone'] })] },
    {
      requestId: 'oh-6',
      at: at('2026-03-20T20:00:00'),
      department: 'civil-affairs',
      userId: 'c9',
      accesses: [p1({ raw: ['Person.name'] }), p2({ raw: ['Person.name'] })],
    },
    { requestId: 'oh-7', at: at('2026-03-21T10:00:00'), department: 'civil-affairs', userId: 'c9', accesses: [p2({ raw: ['Person.name'] })] },
    {
      requestId: 'oh-8',
      at: at('2026-03-20T23:00:00'),
      department: 'grid-command',
      userId: 'g2',
      accesses: [{ entityType: 'House', entityKey: 'H-1', subgraph: 'housing', raw: ['House.code'], masked: [], denied: [] }],
    },

    // House H-1 read by two departments on Wednesday 18 March, for different purposes and clients
    // (its history also holds oh-8 below).
    {
      requestId: 'house-1',
      at: at('2026-03-18T10:00:00'),
      department: 'housing',
      userId: 'hh1',
      purpose: 'housing-management',
      clientName: 'housing-desk',
      accesses: [{ entityType: 'House', entityKey: 'H-1', subgraph: 'housing', raw: ['House.code', 'House.area'], masked: [], denied: [] }],
    },
    {
      requestId: 'house-2',
      at: at('2026-03-18T11:00:00'),
      department: 'public-security',
      userId: 'p1',
      purpose: 'case-investigation',
      clientName: 'ps-portal',
      outcome: 'PARTIAL',
      fieldsDenied: ['House.ownerPhone'],
      denialReasons: ['NOT_SHARED'],
      accesses: [{ entityType: 'House', entityKey: 'H-1', subgraph: 'housing', raw: ['House.code'], masked: [], denied: ['House.ownerPhone'] }],
    },

    // Denials on 25 March: m1 10 within 4.5 minutes (a burst), then one more 20 minutes later;
    // m2 10 spread over 6 minutes; m3 9 within a minute among successes. Three departments, so
    // that no department's day reaches the volume threshold.
    ...repeat(10, (i) => ({
      requestId: `m1-${i}`,
      at: seconds('2026-03-25T10:00:00', i * 30),
      department: 'market-regulation',
      userId: 'm1',
      ...(i % 2 === 0 ? { outcome: 'REJECTED' as const, httpStatus: 400 } : { outcome: 'PARTIAL' as const, fieldsDenied: ['Person.name'] }),
    })),
    { requestId: 'm1-late', at: at('2026-03-25T10:20:00'), department: 'market-regulation', userId: 'm1', outcome: 'REJECTED', httpStatus: 400 },
    ...repeat(10, (i) => ({ at: seconds('2026-03-25T11:00:00', i * 40), department: 'urban-management', userId: 'm2', outcome: 'REJECTED' as const })),
    ...repeat(9, (i) => ({ at: seconds('2026-03-25T12:00:00', i * 5), department: 'education', userId: 'm3', outcome: 'REJECTED' as const })),
    ...repeat(5, (i) => ({ at: seconds('2026-03-25T12:00:01', i * 5), department: 'education', userId: 'm3' })),

    // Bulk sensitive reads on 26 March.
    {
      requestId: 'bulk-100',
      at: at('2026-03-26T10:00:00'),
      department: 'public-security',
      userId: 'p1',
      purpose: 'case-investigation',
      operationName: 'Sweep',
      sensitiveRecordCount: 100,
    },
    { requestId: 'bulk-99', at: at('2026-03-26T11:00:00'), department: 'public-security', userId: 'p1', sensitiveRecordCount: 99 },

    // A paged bulk read on Monday 30 March: 3 pages of 100, one finding.
    ...repeat(3, (i) => ({
      requestId: `page-${i}`,
      at: seconds('2026-03-30T10:00:00', i * 10),
      department: 'public-security',
      userId: 'p2',
      purpose: 'case-investigation',
      operationName: 'SweepPage',
      sensitiveRecordCount: 100,
    })),

    // The record behind a quota event (the event itself is written separately).
    { requestId: 'q-1', at: at('2026-03-27T10:00:00'), department: 'housing', userId: 'hq', sensitiveRecordCount: 5 },
  ];
}
