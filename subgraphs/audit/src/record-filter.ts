import { badUserInput } from '../../../platform/errors';
import { repositoryPolicies } from '../../../access-policies/runtime/load';
import type { Prisma } from './prisma';
import { parseTimeRange, TimeRange } from './time-range';

export type AuditOutcome = 'OK' | 'PARTIAL' | 'REJECTED' | 'ERROR';

export interface AccessRecordFilter {
  department?: string | null;
  userId?: string | null;
  coordinate?: string | null;
  outcome?: AuditOutcome | null;
  from?: string | null;
  to?: string | null;
  requestId?: string | null;
}

// The same shape the policy files use for coordinates.
const COORDINATE = /^[A-Z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_TEXT = 200;

/** A department named in a filter must exist: a typo should not read as "no activity". */
export function checkDepartment(department: string | null | undefined, argument: string): string | undefined {
  if (department === null || department === undefined) return undefined;
  if (!repositoryPolicies().departments.has(department)) {
    throw badUserInput(`${argument} is not a department in departments.yaml: ${JSON.stringify(department.slice(0, 60))}`, { argument });
  }
  return department;
}

export function checkText(value: string | null | undefined, argument: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.length === 0 || value.length > MAX_TEXT || /[\u0000-\u001f]/.test(value)) {
    throw badUserInput(`${argument} must be 1–${MAX_TEXT} printable characters`, { argument });
  }
  return value;
}

export function atWhere(range: TimeRange): Prisma.DateTimeFilter | undefined {
  if (!range.start && !range.end) return undefined;
  return { ...(range.start ? { gte: range.start } : {}), ...(range.end ? { lt: range.end } : {}) };
}

/** Checks every part of an auditor's filter (BAD_USER_INPUT naming the part) and builds the Prisma where. */
export function accessRecordWhere(filter: AccessRecordFilter | null | undefined): Prisma.AuditRecordWhereInput {
  const f = filter ?? {};
  const department = checkDepartment(f.department, 'filter.department');
  const userId = checkText(f.userId, 'filter.userId');
  const requestId = checkText(f.requestId, 'filter.requestId');
  const coordinate = checkText(f.coordinate, 'filter.coordinate');
  if (coordinate !== undefined && !COORDINATE.test(coordinate)) {
    throw badUserInput(`filter.coordinate must be a schema coordinate Type.field, got ${JSON.stringify(coordinate)}`, { argument: 'filter.coordinate' });
  }
  const at = atWhere(parseTimeRange(f.from, f.to, { from: 'filter.from', to: 'filter.to' }));
  const where: Prisma.AuditRecordWhereInput = {};
  if (department) where.department = department;
  if (userId) where.userId = userId;
  if (requestId) where.requestId = requestId;
  // GraphQL has already refused any other value for the enum.
  if (f.outcome) where.outcome = f.outcome;
  if (at) where.at = at;
  if (coordinate) {
    where.OR = [{ fieldsGranted: { has: coordinate } }, { fieldsMasked: { has: coordinate } }, { fieldsDenied: { has: coordinate } }];
  }
  return where;
}

/** A chain position as an auditor types it: a positive integer that fits PostgreSQL's bigint. */
export function parseSeq(value: string, argument: string): bigint {
  if (!/^[1-9][0-9]{0,18}$/.test(value) || BigInt(value) > 9_223_372_036_854_775_807n) {
    throw badUserInput(`${argument} must be a positive integer (a position in the audit chain), got ${JSON.stringify(value.slice(0, 40))}`, { argument });
  }
  return BigInt(value);
}

/** Who, why and when: the parts of an operation an auditor narrows a record's history by. */
export interface RecordAccessFilter {
  department?: string | null;
  userId?: string | null;
  purpose?: string | null;
  clientName?: string | null;
  from?: string | null;
  to?: string | null;
}

/** The operation-side part of a history filter, each part checked (BAD_USER_INPUT naming it). */
export function operationWhere(filter: RecordAccessFilter | null | undefined, prefix: string): Prisma.AuditRecordWhereInput {
  const f = filter ?? {};
  const department = checkDepartment(f.department, `${prefix}.department`);
  const userId = checkText(f.userId, `${prefix}.userId`);
  const purpose = checkText(f.purpose, `${prefix}.purpose`);
  const clientName = checkText(f.clientName, `${prefix}.clientName`);
  const at = atWhere(parseTimeRange(f.from, f.to, { from: `${prefix}.from`, to: `${prefix}.to` }));
  return {
    ...(department ? { department } : {}),
    ...(userId ? { userId } : {}),
    ...(purpose ? { purpose } : {}),
    ...(clientName ? { clientName } : {}),
    ...(at ? { at } : {}),
  };
}
