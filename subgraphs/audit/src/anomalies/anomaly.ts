import { repositoryPolicies } from '../../../../access-policies/runtime/load';

export const ANOMALY_KINDS = ['VOLUME_ABOVE_BASELINE', 'OUT_OF_HOURS', 'DENIAL_BURST', 'BULK_SENSITIVE_READ', 'QUOTA_EXCEEDED'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** A finding as GraphQL returns it: keys, counts and coordinates, never a personal value. */
export interface Anomaly {
  id: string;
  kind: AnomalyKind;
  department: string;
  userId: string | null;
  windowStart: string;
  windowEnd: string;
  reason: string;
  reasonZh: string;
  recordSeqs: string[];
  recordCount: number;
}

/** Records named per finding: enough to start from, not a copy of the trail. */
export const MAX_SEQS = 50;

/** The same finding gets the same id on every run, so auditors can track what they have reviewed. */
export function anomalyId(kind: AnomalyKind, ...parts: (string | null)[]): string {
  return [kind, ...parts.map((p) => p ?? '')].join(':');
}

/** Chinese reasons name the department as its staff would (公安局), falling back to the id. */
export function departmentZh(department: string): string {
  return repositoryPolicies().departments.get(department)?.name ?? department;
}

export function iso(at: Date): string {
  return at.toISOString();
}
