import type { SqlClient } from '../../../platform/database/sql-client';
import type { Department } from '../../../access-policies/runtime/model';
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

/**
 * Daily quotas of personal and sensitive records per department, kept in the audit database so
 * that every gateway replica shares them. An operation reserves its worst case before it runs, in
 * one conditional UPDATE (`used + reserved + n <= quota`: row locks make it atomic across requests
 * and replicas), and settles to what it read afterwards, giving the rest back. A worst case that
 * does not fit is not reserved at all: the fields of that sensitivity are refused for this request
 * (QUOTA_EXCEEDED), so the quota is never exceeded, not even by concurrent requests.
 */
export class QuotaLedger {
  constructor(
    private readonly sql: SqlClient,
    private readonly departments: Map<string, Department>,
    private readonly now: () => Date,
  ) {}

  async reserve(department: string, worstCase: QuotaAmounts): Promise<Reservation> {
    const day = localDay(this.now());
    const quotas = this.departments.get(department)?.quotas ?? {};
    const reservation: Reservation = { department, day, reserved: { personal: 0, sensitive: 0 }, refused: [], firstRefusals: [] };
    const wanted = QUOTA_SENSITIVITIES.filter((s) => quotas[s] !== undefined && worstCase[s] > 0);
    const fits = wanted.filter((s) => worstCase[s] <= quotas[s]!);
    let granted = new Set<QuotaSensitivity>();
    if (fits.length > 0) {
      granted = await this.take(
        department,
        day,
        fits.map((s) => [s, worstCase[s], quotas[s]!]),
      );
      if (granted.size < fits.length) {
        // A day's first reservation finds no row: create them, then try once more.
        await this.sql.query(
          `INSERT INTO quota_usage (department, day, sensitivity) SELECT $1, $2::date, s FROM unnest($3::text[]) AS s ON CONFLICT DO NOTHING`,
          [department, day, fits.filter((s) => !granted.has(s))],
        );
        const retry = await this.take(
          department,
          day,
          fits.filter((s) => !granted.has(s)).map((s) => [s, worstCase[s], quotas[s]!]),
        );
        granted = new Set([...granted, ...retry]);
      }
    }
    for (const sensitivity of wanted) {
      if (granted.has(sensitivity)) reservation.reserved[sensitivity] = worstCase[sensitivity];
      else reservation.refused.push(sensitivity);
    }
    if (reservation.refused.length > 0) reservation.firstRefusals = await this.markExceeded(reservation, worstCase, quotas);
    return reservation;
  }

  /** Turns the reservation into what was read (never more than reserved, by the worst case). */
  async settle(reservation: Reservation, read: QuotaAmounts): Promise<void> {
    const settled = QUOTA_SENSITIVITIES.filter((s) => reservation.reserved[s] > 0 || read[s] > 0);
    if (settled.length === 0) return;
    await this.sql.query(
      `UPDATE quota_usage q SET used = q.used + r.used, reserved = q.reserved - r.reserved
         FROM unnest($3::text[], $4::int[], $5::int[]) AS r(sensitivity, used, reserved)
        WHERE q.department = $1 AND q.day = $2::date AND q.sensitivity = r.sensitivity`,
      [reservation.department, reservation.day, settled, settled.map((s) => read[s]), settled.map((s) => reservation.reserved[s])],
    );
  }

  async usage(department: string, sensitivity: QuotaSensitivity, at = this.now()): Promise<QuotaUsage> {
    const { rows } = await this.sql.query<QuotaUsage>(`SELECT used, reserved FROM quota_usage WHERE department = $1 AND day = $2::date AND sensitivity = $3`, [
      department,
      localDay(at),
      sensitivity,
    ]);
    return rows[0] ?? { used: 0, reserved: 0 };
  }

  private async take(department: string, day: string, wanted: [QuotaSensitivity, number, number][]): Promise<Set<QuotaSensitivity>> {
    const { rows } = await this.sql.query<{ sensitivity: QuotaSensitivity }>(
      `UPDATE quota_usage q SET reserved = q.reserved + r.n
         FROM unnest($3::text[], $4::int[], $5::int[]) AS r(sensitivity, n, quota)
        WHERE q.department = $1 AND q.day = $2::date AND q.sensitivity = r.sensitivity
          AND q.used + q.reserved + r.n <= r.quota
        RETURNING q.sensitivity`,
      [department, day, wanted.map((w) => w[0]), wanted.map((w) => w[1]), wanted.map((w) => w[2])],
    );
    return new Set(rows.map((r) => r.sensitivity));
  }

  private async markExceeded(reservation: Reservation, worstCase: QuotaAmounts, quotas: Partial<Record<QuotaSensitivity, number>>) {
    await this.sql.query(`INSERT INTO quota_usage (department, day, sensitivity) SELECT $1, $2::date, s FROM unnest($3::text[]) AS s ON CONFLICT DO NOTHING`, [
      reservation.department,
      reservation.day,
      reservation.refused,
    ]);
    const { rows } = await this.sql.query<{ sensitivity: QuotaSensitivity; used: number }>(
      `UPDATE quota_usage SET exceeded_at = $4
        WHERE department = $1 AND day = $2::date AND sensitivity = ANY($3::text[]) AND exceeded_at IS NULL
        RETURNING sensitivity, used`,
      [reservation.department, reservation.day, reservation.refused, this.now().toISOString()],
    );
    return rows.map((r) => ({ sensitivity: r.sensitivity, quota: quotas[r.sensitivity]!, used: r.used, requested: worstCase[r.sensitivity] }));
  }
}
