import { fieldLabel, purposeLabel } from '../../access-policies/runtime/labels';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import type { AuditAccessRow, AuditRecordRow } from '../../subgraphs/audit/src/prisma';
import { chinaTimeIso } from '../../subgraphs/audit/src/time-range';

/**
 * The columns of a CSV export: the record's main columns, lists joined by '|'; `at` in China Standard
 * Time (ISO 8601 with +08:00, the same instant); then the Chinese names of the department, the purpose
 * and the fields (access-policies/labels.yaml), for the departments who read it.
 */
export const CSV_COLUMNS = [
  'seq',
  'request_id',
  'at',
  'department',
  'user_id',
  'level',
  'purpose',
  'client_name',
  'operation_name',
  'operation_type',
  'outcome',
  'http_status',
  'duration_ms',
  'record_count',
  'sensitive_record_count',
  'fields_granted',
  'fields_masked',
  'fields_denied',
  'denial_reasons',
  'accessed',
  'prev_hash',
  'hash',
  'department_name',
  'purpose_name',
  'fields_granted_names',
  'fields_masked_names',
  'fields_denied_names',
] as const;

type Cell = string | number | null;

/**
 * RFC 4180 quoting. Text a caller controls (a client name header, an operation name) could also
 * start a spreadsheet formula; such cells get a leading apostrophe (the OWASP advice for CSV
 * injection), so opening an export in a spreadsheet never runs what a caller wrote.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const csvHeader = () => csvLine([...CSV_COLUMNS]);

const list = (values: string[]) => values.join('|');

export function csvRecord(record: AuditRecordRow & { accesses: AuditAccessRow[] }): string {
  return csvLine([
    record.seq.toString(),
    record.requestId,
    chinaTimeIso(record.at),
    record.department,
    record.userId,
    record.level,
    record.purpose,
    record.clientName,
    record.operationName,
    record.operationType,
    record.outcome,
    record.httpStatus,
    record.durationMs,
    record.recordCount,
    record.sensitiveRecordCount,
    list(record.fieldsGranted),
    list(record.fieldsMasked),
    list(record.fieldsDenied),
    list(record.denialReasons),
    // Which records the operation touched, as keys: `population/Person:P-0001`.
    list(record.accesses.map((a) => `${a.subgraph}/${a.entityType}:${a.entityKey}`)),
    record.prevHash,
    record.hash,
    repositoryPolicies().departments.get(record.department)?.name ?? record.department,
    record.purpose ? purposeLabel(record.purpose, 'zh') : null,
    list(record.fieldsGranted.map((c) => fieldLabel(c))),
    list(record.fieldsMasked.map((c) => fieldLabel(c))),
    list(record.fieldsDenied.map((c) => fieldLabel(c))),
  ]);
}
