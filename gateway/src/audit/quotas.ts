import type { SqlClient } from '../../../platform/database/sql-client';
import type { Department } from '../../../access-policies/runtime/model';
import { GroupBatch } from '../../../platform/group-batch';
import { QUOTA_SENSITIVITIES, QuotaAmounts, QuotaSensitivity } from './worst-case';

/** China keeps one time zone without daylight saving: a local day is UTC shifted by eight hours. */
const CST_OFFSET_MS = 8 * 3600 * 1000;

export function localDay(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** What one operation holds of its department's daily quotas, from before it runs until it settles. */
export interface Reservation {
  department: string;
  /** The local day reserved on: a request running across midnight settles on the day it reserved. */
  day: string;
  reserved: QuotaAmounts;
  /** Sensitivities this request may not read: its worst case did not fit what is left. */
  refused: QuotaSensitivity[];
  /** Refused here for the first time today: the anomaly is raised once a day, whichever replica sees it. */
  firstRefusals: { sensitivity: QuotaSensitivity; quota: number; used: number; requested: number }[];
}

export interface QuotaUsage {
  used: number;
  reserved: number;
}

/** One row of `quota_usage` (the day is the batch's): department and sensitivity. */
const rowKey = (department: string, sensitivity: QuotaSensitivity) => `${department}\u0000${sensitivity}`;

interface Plan {
  worstCase: QuotaAmounts;
  quotas: Partial<Record<QuotaSensitivity, number>>;
  wanted: QuotaSensitivity[];
  reservation: Reservation;
}

/**
 * Daily quotas of personal and sensitive records per department, kept in the audit database so
 * that every gateway replica shares them. An operation reserves its worst case before it runs and
 * settles to what it read afterwards, giving the rest back. A worst case that does not fit what is
 * left is not reserved at all: the fields of that sensitivity are refused for this request
 * (QUOTA_EXCEEDED), so the quota is never exceeded, not even by concurrent requests.
 *
 * Reservations (and settlements) are group-committed: those arriving while one batch is written form
 * the next, decided in arrival order in one transaction that locks the batch's rows (in one order,
 * so replicas never deadlock). Each used to be a statement of its own: under load the department's
 * row, locked by each commit until its WAL flush, let one request through per flush.
 */
export class QuotaLedger {
  private readonly reservations = new GroupBatch<{ department: string; worstCase: QuotaAmounts }, Reservation>((items) => this.reserveBatch(items));
  private readonly settlements = new GroupBatch<{ reservation: Reservation; read: QuotaAmounts }, void>((items) => this.settleBatch(items));

  constructor(
    private readonly sql: SqlClient,
    private readonly departments: Map<string, Department>,
    private readonly now: () => Date,
  ) {}

  reserve(department: string, worstCase: QuotaAmounts): Promise<Reservation> {
    return this.reservations.add({ department, worstCase });
  }

  /** Turns the reservation into what was read (never more than reserved, by the worst case). */
  async settle(reservation: Reservation, read: QuotaAmounts): Promise<void> {
    if (QUOTA_SENSITIVITIES.every((s) => reservation.reserved[s] === 0 && read[s] === 0)) return;
    await this.settlements.add({ reservation, read });
  }

  async usage(department: string, sensitivity: QuotaSensitivity, at = this.now()): Promise<QuotaUsage> {
    const { rows } = await this.sql.query<QuotaUsage>(`SELECT used, reserved FROM quota_usage WHERE department = $1 AND day = $2::date AND sensitivity = $3`, [
      department,
      localDay(at),
      sensitivity,
    ]);
    return rows[0] ?? { used: 0, reserved: 0 };
  }

  private async reserveBatch(items: { department: string; worstCase: QuotaAmounts }[]): Promise<Reservation[]> {
    const day = localDay(this.now());
    const plans: Plan[] = items.map(({ department, worstCase }) => {
      const quotas = this.departments.get(department)?.quotas ?? {};
      return {
        worstCase,
        quotas,
        wanted: QUOTA_SENSITIVITIES.filter((s) => quotas[s] !== undefined && worstCase[s] > 0),
        reservation: { department, day, reserved: { personal: 0, sensitive: 0 }, refused: [], firstRefusals: [] },
      };
    });
    const rows = [...new Set(plans.flatMap((p) => p.wanted.map((s) => rowKey(p.reservation.department, s))))].sort();
    if (rows.length === 0) return plans.map((p) => p.reservation);
    const departments = rows.map((k) => k.split('\u0000')[0]);
    const sensitivities = rows.map((k) => k.split('\u0000')[1]);
    await this.sql.transaction(async (tx) => {
      // A day's first reservation finds no row: made here, in the order the rows are locked below.
      await tx.query(
        `INSERT INTO quota_usage (department, day, sensitivity) SELECT k.d, $1::date, k.s FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS k(d, s, n) ORDER BY k.n ON CONFLICT DO NOTHING`,
        [day, departments, sensitivities],
      );
      const { rows: locked } = await tx.query<{ department: string; sensitivity: QuotaSensitivity; used: number; reserved: number }>(
        `SELECT q.department, q.sensitivity, q.used, q.reserved FROM quota_usage q
           JOIN unnest($2::text[], $3::text[]) AS k(d, s) ON q.department = k.d AND q.sensitivity = k.s
          WHERE q.day = $1::date ORDER BY q.department COLLATE "C", q.sensitivity COLLATE "C" FOR UPDATE OF q`,
        [day, departments, sensitivities],
      );
      const state = new Map(locked.map((r) => [rowKey(r.department, r.sensitivity), { taken: r.used + r.reserved, added: 0 }]));
      const firstRefused = new Map<string, Plan>();
      for (const plan of plans) {
        for (const s of plan.wanted) {
          const row = state.get(rowKey(plan.reservation.department, s))!;
          const n = plan.worstCase[s];
          const quota = plan.quotas[s]!;
          if (n <= quota && row.taken + row.added + n <= quota) {
            row.added += n;
            plan.reservation.reserved[s] = n;
          } else {
            plan.reservation.refused.push(s);
            if (!firstRefused.has(rowKey(plan.reservation.department, s))) firstRefused.set(rowKey(plan.reservation.department, s), plan);
          }
        }
      }
      const added = [...state.entries()].filter(([, row]) => row.added > 0);
      if (added.length > 0) {
        await tx.query(
          `UPDATE quota_usage q SET reserved = q.reserved + k.n FROM unnest($2::text[], $3::text[], $4::int[]) AS k(d, s, n)
            WHERE q.department = k.d AND q.sensitivity = k.s AND q.day = $1::date`,
          [day, added.map(([k]) => k.split('\u0000')[0]), added.map(([k]) => k.split('\u0000')[1]), added.map(([, row]) => row.added)],
        );
      }
      if (firstRefused.size > 0) await this.markExceeded(tx, day, firstRefused);
    });
    return plans.map((p) => p.reservation);
  }

  /** The anomaly is raised once a day per department and sensitivity, whichever request and replica meet it first. */
  private async markExceeded(tx: SqlClient, day: string, firstRefused: Map<string, Plan>): Promise<void> {
    const keys = [...firstRefused.keys()];
    const { rows } = await tx.query<{ department: string; sensitivity: QuotaSensitivity; used: number }>(
      `UPDATE quota_usage q SET exceeded_at = $4 FROM unnest($2::text[], $3::text[]) AS k(d, s)
        WHERE q.department = k.d AND q.sensitivity = k.s AND q.day = $1::date AND q.exceeded_at IS NULL
        RETURNING q.department, q.sensitivity, q.used`,
      [day, keys.map((k) => k.split('\u0000')[0]), keys.map((k) => k.split('\u0000')[1]), this.now().toISOString()],
    );
    for (const row of rows) {
      const plan = firstRefused.get(rowKey(row.department, row.sensitivity))!;
      plan.reservation.firstRefusals.push({
        sensitivity: row.sensitivity,
        quota: plan.quotas[row.sensitivity]!,
        used: row.used,
        requested: plan.worstCase[row.sensitivity],
      });
    }
  }

  private async settleBatch(items: { reservation: Reservation; read: QuotaAmounts }[]): Promise<void[]> {
    const totals = new Map<string, { used: number; reserved: number }>();
    for (const { reservation, read } of items) {
      for (const s of QUOTA_SENSITIVITIES) {
        if (reservation.reserved[s] === 0 && read[s] === 0) continue;
        const key = `${reservation.day}\u0000${rowKey(reservation.department, s)}`;
        const total = totals.get(key) ?? { used: 0, reserved: 0 };
        total.used += read[s];
        total.reserved += reservation.reserved[s];
        totals.set(key, total);
      }
    }
    const keys = [...totals.keys()].sort();
    const [days, departments, sensitivities] = [0, 1, 2].map((i) => keys.map((k) => k.split('\u0000')[i]));
    await this.sql.transaction(async (tx) => {
      // Locked in the reservations' order first: a settlement and a reservation never wait on each other in a circle.
      await tx.query(
        `SELECT 1 FROM quota_usage q JOIN unnest($1::date[], $2::text[], $3::text[]) AS k(day, d, s) ON q.day = k.day AND q.department = k.d AND q.sensitivity = k.s
          ORDER BY q.day, q.department COLLATE "C", q.sensitivity COLLATE "C" FOR UPDATE OF q`,
        [days, departments, sensitivities],
      );
      await tx.query(
        `UPDATE quota_usage q SET used = q.used + k.used, reserved = q.reserved - k.reserved
           FROM unnest($1::date[], $2::text[], $3::text[], $4::int[], $5::int[]) AS k(day, d, s, used, reserved)
          WHERE q.day = k.day AND q.department = k.d AND q.sensitivity = k.s`,
        [days, departments, sensitivities, keys.map((k) => totals.get(k)!.used), keys.map((k) => totals.get(k)!.reserved)],
      );
    });
    return items.map(() => undefined);
  }
}
