import { placeAndFlag, roundTo } from '../assessment/assess';
import type { Period } from '../assessment/cohorts';
import type { EventsPrisma } from '../prisma';

/**
 * Assessment of grid workers and communities (网格员和村社区考核) for a period:
 *   reports                 events reported by grid workers (channel GRID_WORKER) in the period
 *   validReports            of them, those not rejected (invalid or duplicate reports are)
 *   verifications           on-site checks (核查) made in the period
 *   verificationsOnTime     of them, made by the check's deadline (catalogue: verifyWorkingDays after handling)
 *   collectionRequestsApproved  base-data collection requests (采集) applied by the owners in the period,
 *                           from their change feeds (collection-credits.ts)
 * A worker is the user who reported, checked or collected; a community is where the event lies, or the
 * grid a collection request was for.
 * Score (0-100) = 50 × validReports / reports + 50 × verificationsOnTime / verifications, a part with
 * nothing to count scoring half. Collections are shown beside the score, not in it: a count of work
 * done favours big grids, and the feeds do not say how many requests were rejected, so no rate exists.
 */

export type GridWorkGrouping = 'WORKER' | 'COMMUNITY';

export interface GridWorkAssessment {
  unit: string;
  reports: number;
  validReports: number;
  validRate: number | null;
  verifications: number;
  verificationsOnTime: number;
  verificationOnTimeRate: number | null;
  collectionRequestsApproved: number;
}

interface Row {
  unit: string;
  reports: number;
  valid_reports: number;
  verifications: number;
  on_time: number;
  collections: number;
}

const UNIT_SQL: Record<GridWorkGrouping, string> = { WORKER: 't.actor_user', COMMUNITY: 'substr(e.grid_code, 1, 12)' };
const COLLECTION_UNIT_SQL: Record<GridWorkGrouping, string> = { WORKER: 'c.collected_by', COMMUNITY: 'substr(c.grid_code, 1, 12)' };

function sql(grouping: GridWorkGrouping): string {
  const unit = UNIT_SQL[grouping];
  return `
    SELECT unit, sum(reports)::int AS reports, sum(valid_reports)::int AS valid_reports,
           sum(verifications)::int AS verifications, sum(on_time)::int AS on_time, sum(collections)::int AS collections
      FROM (
        SELECT ${unit} AS unit, 1 AS reports, (e.status <> 'REJECTED')::int AS valid_reports, 0 AS verifications, 0 AS on_time, 0 AS collections
          FROM "event_transition" t JOIN "event" e ON e.id = t.event_id
         WHERE t.action = 'REPORT' AND e.channel = 'GRID_WORKER' AND t.at >= $1::timestamptz AND t.at < $2::timestamptz
        UNION ALL
        SELECT ${unit}, 0, 0, 1, (t.details->>'onTime' = 'true')::int, 0
          FROM "event_transition" t JOIN "event" e ON e.id = t.event_id
         WHERE t.action = 'VERIFY' AND t.at >= $1::timestamptz AND t.at < $2::timestamptz
        UNION ALL
        SELECT ${COLLECTION_UNIT_SQL[grouping]}, 0, 0, 0, 0, 1
          FROM "collection_credit" c
         WHERE c.applied_at >= $1::timestamptz AND c.applied_at < $2::timestamptz
      ) x
     GROUP BY unit ORDER BY unit`;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : roundTo(part / whole, 4));

export async function assessGridWork(prisma: EventsPrisma, grouping: GridWorkGrouping, period: Period): Promise<GridWorkAssessment[]> {
  const rows = await prisma.$queryRawUnsafe<Row[]>(sql(grouping), period.start.toISOString(), period.end.toISOString());
  return rows.map((r) => ({
    unit: r.unit,
    reports: Number(r.reports),
    validReports: Number(r.valid_reports),
    validRate: ratio(Number(r.valid_reports), Number(r.reports)),
    verifications: Number(r.verifications),
    verificationsOnTime: Number(r.on_time),
    verificationOnTimeRate: ratio(Number(r.on_time), Number(r.verifications)),
    collectionRequestsApproved: Number(r.collections),
  }));
}

const share = (part: number, whole: number) => (whole === 0 ? 0.5 : part / whole);

export function rankGridWork(assessments: readonly GridWorkAssessment[], periodEnded: boolean) {
  const scored = assessments.map((assessment) => ({
    assessment,
    unit: assessment.unit,
    // From the counts, not the rounded rates, so a score can be checked by hand.
    score: roundTo(50 * share(assessment.validReports, assessment.reports) + 50 * share(assessment.verificationsOnTime, assessment.verifications), 2),
  }));
  return placeAndFlag(scored, periodEnded);
}
