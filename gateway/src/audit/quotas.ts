import type { SqlClient } from '../../../subgraphs/kit/src/database/sql-client';
import type { Department } from '../../../access-policies/compiler/model';
import type { ChainedRecord } from '../../../subgraphs/audit/src/trail/record';

/** China keeps one time zone without daylight saving: a local day is UTC shifted by eight hours. */
const CST_OFFSET_MS = 8 * 3600 * 1000;

export function localDay(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS);
}

interface DayCounts {
  day: string;
  personal: number;
  sensitive: number;
}

/**
 * Daily quotas of personal and sensitive records per department, counted from what the audit
 * trail committed (so a restart resumes from the stored counts). A department past its quota gets
 * those fields refused with QUOTA_EXCEEDED, decided in the owning subgraph like every other denial.
 */
export class QuotaTracker {
  private readonly counts = new Map<string, DayCounts>();

  constructor(
    private readonly departments: Map<string, Department>,
    private readonly now: () => Date,
    private readonly onExceeded: (department: string, sensitivity: 'personal' | 'sensitive', count: number, quota: number, record: ChainedRecord) => void,
  ) {}

  async init(sql: SqlClient): Promise<void> {
    const today = localDay(this.now());
    const { rows } = await sql.query<{ department: string; personal: string; sensitive: string }>(
      `SELECT department, sum(record_count)::text AS personal, sum(sensitive_record_count)::text AS sensitive
         FROM audit_record WHERE at >= $1 GROUP BY department`,
      [dayStart(today).toISOString()],
    );
    for (const row of rows) this.counts.set(row.department, { day: today, personal: Number(row.personal), sensitive: Number(row.sensitive) });
  }

  private today(department: string): DayCounts {
    const day = localDay(this.now());
    let counts = this.counts.get(department);
    if (!counts || counts.day !== day) {
      counts = { day, personal: 0, sensitive: 0 };
      this.counts.set(department, counts);
    }
    return counts;
  }

  /** The sensitivities whose quota the department has used up today. */
  exhausted(department: string): string[] {
    const quotas = this.departments.get(department)?.quotas ?? {};
    const counts = this.today(department);
    return (['personal', 'sensitive'] as const).filter((s) => quotas[s] !== undefined && counts[s] >= quotas[s]!);
  }

  count(records: ChainedRecord[]): void {
    for (const record of records) {
      const counts = this.today(record.department);
      const quotas = this.departments.get(record.department)?.quotas ?? {};
      for (const [sensitivity, added] of [['personal', record.recordCount], ['sensitive', record.sensitiveRecordCount]] as const) {
        const quota = quotas[sensitivity];
        const before = counts[sensitivity];
        counts[sensitivity] += added;
        if (quota !== undefined && added > 0 && before < quota && counts[sensitivity] >= quota) {
          this.onExceeded(record.department, sensitivity, counts[sensitivity], quota, record);
        }
      }
    }
  }
}
