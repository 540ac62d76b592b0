/** The operations the console sends, against the audit office's contract (subgraphs/audit/schema.graphql). */

export type Outcome = 'OK' | 'PARTIAL' | 'REJECTED' | 'ERROR';
export const OUTCOMES: Outcome[] = ['OK', 'PARTIAL', 'REJECTED', 'ERROR'];

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { cursor?: string; node: T }[];
}

export interface Access {
  recordSeq: string | null;
  requestId: string | null;
  at: string | null;
  department: string | null;
  userId: string | null;
  purpose: string | null;
  operationName: string | null;
  outcome: Outcome | null;
  entityType: string | null;
  entityKey: string | null;
  subgraph: string | null;
  fieldsRaw: string[] | null;
  fieldsMasked: string[] | null;
  fieldsDenied: string[] | null;
}

const ACCESS_FIELDS = 'recordSeq requestId at department userId purpose operationName outcome entityType entityKey subgraph fieldsRaw fieldsMasked fieldsDenied';

export const PERSON_HISTORY = `query ConsolePersonHistory($idNumber: String!, $from: String, $to: String, $department: ID, $filter: RecordAccessFilter, $first: Int, $after: String) {
  personAccessHistory(idNumber: $idNumber, from: $from, to: $to, department: $department, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${ACCESS_FIELDS} } }
  }
}`;

/** Any record's history: a house, a legal entity, an event party, a person by internal id. */
export const RECORD_HISTORY = `query ConsoleRecordHistory($entityType: String!, $entityKey: ID!, $filter: RecordAccessFilter, $first: Int, $after: String) {
  recordAccessHistory(entityType: $entityType, entityKey: $entityKey, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${ACCESS_FIELDS} } }
  }
}`;

/** The record types the trail names, as the history page offers them ('' is a person by ID number). */
export const HISTORY_ENTITY_TYPES = ['', 'Person', 'House', 'Building', 'LegalEntity', 'Event', 'EventParty', 'Address', 'Grid'];

export interface RecordSummary {
  seq: string;
  requestId: string | null;
  at: string | null;
  department: string | null;
  userId: string | null;
  purpose: string | null;
  operationName: string | null;
  outcome: Outcome | null;
  httpStatus: number | null;
  recordCount: number | null;
  fieldsGranted: string[] | null;
  fieldsMasked: string[] | null;
  fieldsDenied: string[] | null;
  denialReasons: string[] | null;
}

const RECORD_SUMMARY_FIELDS =
  'seq requestId at department userId purpose operationName outcome httpStatus recordCount fieldsGranted fieldsMasked fieldsDenied denialReasons';

export interface RecordFilter {
  department?: string;
  userId?: string;
  coordinate?: string;
  outcome?: Outcome;
  from?: string;
  to?: string;
  requestId?: string;
}

export const ACCESS_RECORDS = `query ConsoleAccessRecords($filter: AccessRecordFilter, $first: Int, $after: String) {
  accessRecords(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${RECORD_SUMMARY_FIELDS} } }
  }
}`;

/** The sign-in check: the cheapest question only an auditor may ask. */
export const SIGN_IN_PROBE = `query ConsoleSignIn { accessRecords(first: 1) { totalCount } }`;

/** The command centre's sign-in check: the question its desk asks, so a token the gateway refuses fails here. */
export const COMMAND_SIGN_IN_PROBE = `query ConsoleCommandSignIn { commandCentreOverview { at } }`;

/** Any other department's sign-in check: the cheapest question every contract answers. */
export const EXPLORER_SIGN_IN_PROBE = `query ConsoleExplorerSignIn { __typename }`;

export type Light = 'RED' | 'YELLOW' | 'GREEN';
export const LIGHTS: Light[] = ['RED', 'YELLOW', 'GREEN'];
/** 督办 levels in escalating order (subgraphs/events/schema.graphql, SupervisionLevel). */
export const SUPERVISION_LEVELS = [
  'ELECTRONIC_REMINDER',
  'OVERDUE_NOTICE',
  'RESPONSIBLE_UNIT_ASSIGNMENT',
  'ON_SITE_SUPERVISION',
  'SMS_SUPERVISION',
] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export interface OverviewCell {
  department: string | null;
  commandLevel: string | null;
  town: { code: string; name: string | null } | null;
  light: Light | null;
  supervisionLevel: SupervisionLevel | null;
  count: number;
  supervisionResponseOverdue: number;
}

export const COMMAND_CENTRE_OVERVIEW = `query ConsoleCommandCentre {
  commandCentreOverview {
    at
    rows { department commandLevel town { code name } light supervisionLevel count supervisionResponseOverdue }
  }
}`;

export interface AuditRecordDetail extends RecordSummary {
  level: string | null;
  clientName: string | null;
  operationType: string | null;
  documentHash: string | null;
  variables: string | null;
  durationMs: number | null;
  sensitiveRecordCount: number | null;
  prevHash: string | null;
  hash: string | null;
  line: string | null;
  chainPosition: { seq: string | null; prevHash: string | null; hash: string | null } | null;
  accesses: Pick<Access, 'entityType' | 'entityKey' | 'subgraph' | 'fieldsRaw' | 'fieldsMasked' | 'fieldsDenied'>[] | null;
}

export const AUDIT_RECORD = `query ConsoleAuditRecord($seq: ID!) {
  auditRecord(seq: $seq) {
    ${RECORD_SUMMARY_FIELDS}
    level clientName operationType documentHash variables durationMs sensitiveRecordCount prevHash hash line
    chainPosition { seq prevHash hash }
    accesses { entityType entityKey subgraph fieldsRaw fieldsMasked fieldsDenied }
  }
}`;

/** Summaries of several records by seq in one request (aliases r0, r1, …). */
export function recordsBySeq(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$s${i}: ID!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `r${i}: auditRecord(seq: $s${i}) { ${RECORD_SUMMARY_FIELDS} }`).join('\n  ');
  return `query ConsoleAnomalyRecords(${variables}) {\n  ${fields}\n}`;
}

export interface ChainVerification {
  ok: boolean;
  records: number | null;
  checkpoints: number | null;
  headSeq: string | null;
  headHash: string | null;
  /** Whether the NDJSON copy was checked too (only where the trail files are on the audit service's disk). */
  filesChecked: boolean | null;
  seconds: number | null;
  problem: { seq: string | null; requestId: string | null; where: string | null; problem: string | null } | null;
}

export const VERIFY_CHAIN = `query ConsoleVerifyChain {
  verifyAuditChain { ok records checkpoints headSeq headHash filesChecked seconds problem { seq requestId where problem } }
}`;

export interface DailySummary {
  department: string;
  date: string;
  operations: number | null;
  personalRecordsRead: number | null;
  distinctPersonsRead: number | null;
  sensitiveRecordsRead: number | null;
  denials: number | null;
  baseline: number | null;
}

export const DAILY_SUMMARIES = `query ConsoleDailySummaries($from: String!, $to: String!, $department: ID) {
  departmentDailySummaries(from: $from, to: $to, department: $department) {
    department date operations personalRecordsRead distinctPersonsRead sensitiveRecordsRead denials baseline
  }
}`;

export type AnomalyKind = 'VOLUME_ABOVE_BASELINE' | 'OUT_OF_HOURS' | 'DENIAL_BURST' | 'BULK_SENSITIVE_READ' | 'QUOTA_EXCEEDED';

export interface Anomaly {
  id: string;
  kind: AnomalyKind | null;
  department: string | null;
  userId: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  reason: string | null;
  reasonZh: string | null;
  recordSeqs: string[] | null;
  recordCount: number | null;
  state: FindingState | null;
  assignee: string | null;
  timeline: FindingStep[] | null;
}

export type FindingState = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED_JUSTIFIED' | 'REFERRED';
export type FindingAction = 'ACKNOWLEDGE' | 'ASSIGN' | 'ANNOTATE' | 'RESOLVE_JUSTIFIED' | 'REFER';
export const FINDING_STATES: FindingState[] = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED_JUSTIFIED', 'REFERRED'];

export interface FindingStep {
  action: FindingAction | null;
  at: string | null;
  userId: string | null;
  requestId: string | null;
  toState: FindingState | null;
  assignee: string | null;
  note: string | null;
}

const FINDING_FIELDS = `id kind department userId windowStart windowEnd reason reasonZh recordSeqs recordCount
    state assignee timeline { action at userId requestId toState assignee note }`;

export const ANOMALIES = `query ConsoleAnomalies($from: String!, $to: String!, $department: ID, $state: FindingState, $assignee: ID) {
  anomalies(from: $from, to: $to, department: $department, state: $state, assignee: $assignee) {
    ${FINDING_FIELDS}
  }
}`;

/** The mutation of each step: one root field per step, so the trail names it. */
export const FINDING_MUTATIONS: Record<FindingAction, { field: string; input: string }> = {
  ACKNOWLEDGE: { field: 'acknowledgeFinding', input: 'FindingStepInput' },
  ASSIGN: { field: 'assignFinding', input: 'AssignFindingInput' },
  ANNOTATE: { field: 'annotateFinding', input: 'FindingStepInput' },
  RESOLVE_JUSTIFIED: { field: 'resolveFinding', input: 'FindingStepInput' },
  REFER: { field: 'referFinding', input: 'FindingStepInput' },
};

export function findingStepMutation(action: FindingAction): string {
  const { field, input } = FINDING_MUTATIONS[action];
  return `mutation ConsoleFindingStep($input: ${input}!) { ${field}(input: $input) { finding { ${FINDING_FIELDS} } } }`;
}
