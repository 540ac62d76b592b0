import { Prisma } from './prisma';
import { LOCAL_TIME_ZONE } from './time-range';

/**
 * SQL pieces the summaries and anomalies share, so that "denied", "read" and "local day" mean the
 * same thing in every answer.
 */

/** A record refused in whole or in part (over audit_record, unaliased). */
export const DENIED_RECORD = Prisma.sql`(outcome = 'REJECTED' OR coalesce(cardinality(fields_denied), 0) > 0)`;

/** A person record that went out with at least one field, raw or masked (over audit_access aliased `a`). */
export const PERSON_READ = Prisma.sql`(a.entity_type = 'Person' AND (coalesce(cardinality(a.raw), 0) > 0 OR coalesce(cardinality(a.masked), 0) > 0))`;

/** The zone as a literal, not a parameter: equal expressions must stay equal for GROUP BY. */
export const LOCAL_ZONE = Prisma.raw(`'${LOCAL_TIME_ZONE}'`);

/** The local day of a timestamptz column, as YYYY-MM-DD text. */
export const localDay = (column: Prisma.Sql) => Prisma.sql`to_char(${column} AT TIME ZONE ${LOCAL_ZONE}, 'YYYY-MM-DD')`;

/** An instant as a parameter both drivers bind the same way. */
export const instant = (at: Date) => Prisma.sql`${at.toISOString()}::timestamptz`;

export function andDepartment(column: Prisma.Sql, department: string | undefined): Prisma.Sql {
  return department ? Prisma.sql`AND ${column} = ${department}` : Prisma.empty;
}
