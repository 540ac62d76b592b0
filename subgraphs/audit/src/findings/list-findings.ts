import { detectAnomalies } from '../anomalies/find-anomalies';
import type { AuditContext } from '../loaders';
import { checkDepartment } from '../record-filter';
import { parseDayRange } from '../time-range';
import { attachCases, CaseFilter, checkCaseFilter, WorkedFinding } from './finding-cases';

/** A quarter: long enough for a review, short enough that every finding comes back in one answer. */
export const MAX_ANOMALY_DAYS = 92;

/** Findings with their cases (state, assignee, timeline), narrowed by the case's state or assignee when asked. */
export async function findAnomalies(args: { from: string; to: string; department?: string | null } & CaseFilter, ctx: AuditContext): Promise<WorkedFinding[]> {
  const range = parseDayRange(args.from, args.to, MAX_ANOMALY_DAYS);
  const department = checkDepartment(args.department, 'department');
  const filter = checkCaseFilter(args);
  const found = await attachCases(ctx.db.prisma, await detectAnomalies(ctx.db.prisma, range, department));
  return found.filter((f) => (!filter.state || f.state === filter.state) && (!filter.assignee || f.assignee === filter.assignee));
}
