/**
 * The operations the console sends, against the audit office's contract
 * (schema/contracts/audit-office.graphql). Each `/* GraphQL *\/` text below is read by graphql-codegen
 * (schema/codegen.cjs), which writes their result and variable types to operation-types.ts: a field
 * renamed in the schema fails `npm run check` here, not in an auditor's browser.
 */
import type * as Op from './operation-types';

/** An operation's text carrying its generated result and variables types, so `query()` infers both. */
export type TypedQuery<Result, Variables> = string & { readonly __types?: [Result, Variables] };
/** Joins an operation with the fragments it spreads (codegen reads each literal on its own). */
const typed = <Result, Variables>(...texts: string[]) => texts.join('\n') as TypedQuery<Result, Variables>;

export type Outcome = Op.AuditOutcome;
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

export type Access = Op.AccessFieldsFragment;

const ACCESS_FIELDS = /* GraphQL */ `
  fragment AccessFields on AuditAccess {
    recordSeq
    requestId
    at
    department
    userId
    purpose
    operationName
    outcome
    entityType
    entityKey
    subgraph
    fieldsRaw
    fieldsMasked
    fieldsDenied
  }
`;

export const PERSON_HISTORY = typed<Op.ConsolePersonHistoryQuery, Op.ConsolePersonHistoryQueryVariables>(
  /* GraphQL */ `
    query ConsolePersonHistory($idNumber: String!, $from: String, $to: String, $department: ID, $filter: RecordAccessFilter, $first: Int, $after: String) {
      personAccessHistory(idNumber: $idNumber, from: $from, to: $to, department: $department, filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...AccessFields
          }
        }
      }
    }
  `,
  ACCESS_FIELDS,
);

/** Any record's history: a house, a legal entity, an event party, a person by internal id. */
export const RECORD_HISTORY = typed<Op.ConsoleRecordHistoryQuery, Op.ConsoleRecordHistoryQueryVariables>(
  /* GraphQL */ `
    query ConsoleRecordHistory($entityType: String!, $entityKey: ID!, $filter: RecordAccessFilter, $first: Int, $after: String) {
      recordAccessHistory(entityType: $entityType, entityKey: $entityKey, filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...AccessFields
          }
        }
      }
    }
  `,
  ACCESS_FIELDS,
);

/** The record types the trail names, as the history page offers them ('' is a person by ID number). */
export const HISTORY_ENTITY_TYPES = ['', 'Person', 'House', 'Building', 'LegalEntity', 'Event', 'EventParty', 'Address', 'Grid'];

export type RecordSummary = Op.RecordSummaryFieldsFragment;

const RECORD_SUMMARY_FIELDS = /* GraphQL */ `
  fragment RecordSummaryFields on AuditRecord {
    seq
    requestId
    at
    department
    userId
    purpose
    operationName
    outcome
    httpStatus
    recordCount
    fieldsGranted
    fieldsMasked
    fieldsDenied
    denialReasons
  }
`;

export interface RecordFilter {
  department?: string;
  userId?: string;
  coordinate?: string;
  outcome?: Outcome;
  from?: string;
  to?: string;
  requestId?: string;
}

export const ACCESS_RECORDS = typed<Op.ConsoleAccessRecordsQuery, Op.ConsoleAccessRecordsQueryVariables>(
  /* GraphQL */ `
    query ConsoleAccessRecords($filter: AccessRecordFilter, $first: Int, $after: String) {
      accessRecords(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...RecordSummaryFields
          }
        }
      }
    }
  `,
  RECORD_SUMMARY_FIELDS,
);

/** The sign-in check: the cheapest question only an auditor may ask. */
export const SIGN_IN_PROBE = typed<Op.ConsoleSignInQuery, Op.ConsoleSignInQueryVariables>(/* GraphQL */ `
  query ConsoleSignIn {
    accessRecords(first: 1) {
      totalCount
    }
  }
`);

/** The command centre's sign-in check: the question its desk asks, so a token the gateway refuses fails here. */
export const COMMAND_SIGN_IN_PROBE = typed<Op.ConsoleCommandSignInQuery, Op.ConsoleCommandSignInQueryVariables>(/* GraphQL */ `
  query ConsoleCommandSignIn {
    commandCentreOverview {
      at
    }
  }
`);

/** Any other department's sign-in check: the cheapest question every contract answers. */
export const EXPLORER_SIGN_IN_PROBE = typed<Op.ConsoleExplorerSignInQuery, Op.ConsoleExplorerSignInQueryVariables>(/* GraphQL */ `
  query ConsoleExplorerSignIn {
    __typename
  }
`);

export type Light = Op.TrafficLight;
export const LIGHTS: Light[] = ['RED', 'YELLOW', 'GREEN'];
/** 督办 levels in escalating order (subgraphs/events/schema.graphql, SupervisionLevel). */
export const SUPERVISION_LEVELS: readonly Op.SupervisionLevel[] = [
  'ELECTRONIC_REMINDER',
  'OVERDUE_NOTICE',
  'RESPONSIBLE_UNIT_ASSIGNMENT',
  'ON_SITE_SUPERVISION',
  'SMS_SUPERVISION',
] as const;
export type SupervisionLevel = Op.SupervisionLevel;

export type OverviewCell = Op.ConsoleCommandCentreQuery['commandCentreOverview']['rows'][number];

export const COMMAND_CENTRE_OVERVIEW = typed<Op.ConsoleCommandCentreQuery, Op.ConsoleCommandCentreQueryVariables>(/* GraphQL */ `
  query ConsoleCommandCentre {
    commandCentreOverview {
      at
      rows {
        department
        commandLevel
        town {
          code
          name
        }
        light
        supervisionLevel
        count
        supervisionResponseOverdue
      }
    }
  }
`);

export type AuditRecordDetail = NonNullable<Op.ConsoleAuditRecordQuery['auditRecord']>;

export const AUDIT_RECORD = typed<Op.ConsoleAuditRecordQuery, Op.ConsoleAuditRecordQueryVariables>(
  /* GraphQL */ `
    query ConsoleAuditRecord($seq: ID!) {
      auditRecord(seq: $seq) {
        ...RecordSummaryFields
        level
        clientName
        operationType
        documentHash
        document
        variables
        durationMs
        sensitiveRecordCount
        prevHash
        hash
        line
        chainPosition {
          seq
          prevHash
          hash
        }
        accesses {
          entityType
          entityKey
          subgraph
          fieldsRaw
          fieldsMasked
          fieldsDenied
        }
      }
    }
  `,
  RECORD_SUMMARY_FIELDS,
);

/** Summaries of several records by seq in one request (aliases r0, r1, …). */
export function recordsBySeq(count: number): TypedQuery<Record<string, RecordSummary | null>, Record<string, string>> {
  const variables = Array.from({ length: count }, (_, i) => `$s${i}: ID!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `r${i}: auditRecord(seq: $s${i}) { ...RecordSummaryFields }`).join('\n  ');
  // Aliases are made per call, so codegen cannot read this one; each alias is the generated fragment.
  return typed<Record<string, RecordSummary | null>, Record<string, string>>(
    `query ConsoleAnomalyRecords(${variables}) {\n  ${fields}\n}`,
    RECORD_SUMMARY_FIELDS,
  );
}

export type ChainVerification = NonNullable<Op.ConsoleVerifyChainQuery['verifyAuditChain']>;

export const VERIFY_CHAIN = typed<Op.ConsoleVerifyChainQuery, Op.ConsoleVerifyChainQueryVariables>(/* GraphQL */ `
  query ConsoleVerifyChain {
    verifyAuditChain {
      ok
      records
      checkpoints
      headSeq
      headHash
      filesChecked
      seconds
      problem {
        seq
        requestId
        where
        problem
      }
    }
  }
`);

export type DailySummary = NonNullable<Op.ConsoleDailySummariesQuery['departmentDailySummaries']>[number];

export const DAILY_SUMMARIES = typed<Op.ConsoleDailySummariesQuery, Op.ConsoleDailySummariesQueryVariables>(/* GraphQL */ `
  query ConsoleDailySummaries($from: String!, $to: String!, $department: ID) {
    departmentDailySummaries(from: $from, to: $to, department: $department) {
      department
      date
      operations
      personalRecordsRead
      distinctPersonsRead
      sensitiveRecordsRead
      denials
      baseline
    }
  }
`);

export type AnomalyKind = 'VOLUME_ABOVE_BASELINE' | 'OUT_OF_HOURS' | 'DENIAL_BURST' | 'BULK_SENSITIVE_READ' | 'QUOTA_EXCEEDED';

export type FindingState = Op.FindingState;
export type FindingAction = Op.FindingAction;
export const FINDING_STATES: FindingState[] = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED_JUSTIFIED', 'REFERRED'];

const FINDING_FIELDS = /* GraphQL */ `
  fragment FindingFields on Anomaly {
    id
    kind
    department
    userId
    windowStart
    windowEnd
    reason
    reasonZh
    recordSeqs
    recordCount
    state
    assignee
    timeline {
      action
      at
      userId
      requestId
      toState
      assignee
      note
    }
  }
`;

export type Anomaly = Op.FindingFieldsFragment;
export type FindingStep = NonNullable<Anomaly['timeline']>[number];

export const ANOMALIES = typed<Op.ConsoleAnomaliesQuery, Op.ConsoleAnomaliesQueryVariables>(
  /* GraphQL */ `
    query ConsoleAnomalies($from: String!, $to: String!, $department: ID, $state: FindingState, $assignee: ID) {
      anomalies(from: $from, to: $to, department: $department, state: $state, assignee: $assignee) {
        ...FindingFields
      }
    }
  `,
  FINDING_FIELDS,
);

/** What every step's mutation answers, under its own root field (one root field per step, so the trail names it). */
type FindingStepAnswer = Record<string, { finding: Anomaly | null } | null>;
type FindingStepVariables = Op.ConsoleAcknowledgeFindingMutationVariables | Op.ConsoleAssignFindingMutationVariables;
const step = (text: string) => typed<FindingStepAnswer, FindingStepVariables>(text, FINDING_FIELDS);

export const FINDING_MUTATIONS: Record<FindingAction, { field: string; operation: TypedQuery<FindingStepAnswer, FindingStepVariables> }> = {
  ACKNOWLEDGE: {
    field: 'acknowledgeFinding',
    operation: step(/* GraphQL */ `
      mutation ConsoleAcknowledgeFinding($input: FindingStepInput!) {
        acknowledgeFinding(input: $input) {
          finding {
            ...FindingFields
          }
        }
      }
    `),
  },
  ASSIGN: {
    field: 'assignFinding',
    operation: step(/* GraphQL */ `
      mutation ConsoleAssignFinding($input: AssignFindingInput!) {
        assignFinding(input: $input) {
          finding {
            ...FindingFields
          }
        }
      }
    `),
  },
  ANNOTATE: {
    field: 'annotateFinding',
    operation: step(/* GraphQL */ `
      mutation ConsoleAnnotateFinding($input: FindingStepInput!) {
        annotateFinding(input: $input) {
          finding {
            ...FindingFields
          }
        }
      }
    `),
  },
  RESOLVE_JUSTIFIED: {
    field: 'resolveFinding',
    operation: step(/* GraphQL */ `
      mutation ConsoleResolveFinding($input: FindingStepInput!) {
        resolveFinding(input: $input) {
          finding {
            ...FindingFields
          }
        }
      }
    `),
  },
  REFER: {
    field: 'referFinding',
    operation: step(/* GraphQL */ `
      mutation ConsoleReferFinding($input: FindingStepInput!) {
        referFinding(input: $input) {
          finding {
            ...FindingFields
          }
        }
      }
    `),
  },
};

export const CITIZEN_REPORT = typed<Op.ConsoleCitizenReportQuery, Op.ConsoleCitizenReportQueryVariables>(/* GraphQL */ `
  query ConsoleCitizenReport($idNumber: String!, $from: String, $to: String) {
    citizenAccessReport(idNumber: $idNumber, from: $from, to: $to) {
      html
      generatedAt
      entries
      withheld
    }
  }
`);
