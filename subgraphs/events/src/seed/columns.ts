import type { BulkColumn } from '../../../../platform/database/bulk-insert';
import type { DispatchRow, EventRow, TransitionRow } from '../prisma';
import type { SimulatedEvent } from './simulate';

/**
 * Column lists for the bulk seed path. Instants travel as ISO strings (no driver guesses a zone);
 * JSON travels as text and is cast per element: `"jsonb"` is quoted so the bulk insert sends it as
 * text[] the way it sends enums, since drivers do not agree on how to serialize a jsonb[] parameter.
 */

const instant = (value: Date | null) => (value ? value.toISOString() : null);

export const EVENT_COLUMNS: BulkColumn<EventRow>[] = [
  { name: 'id', type: 'text', value: (e) => e.id },
  { name: 'version', type: 'int', value: (e) => e.version },
  { name: 'channel', type: '"EventChannel"', value: (e) => e.channel },
  { name: 'category_code', type: 'text', value: (e) => e.categoryCode },
  { name: 'title', type: 'text', value: (e) => e.title },
  { name: 'description', type: 'text', value: (e) => e.description },
  { name: 'reporter_user', type: 'text', value: (e) => e.reporterUser },
  { name: 'reporter_department', type: 'text', value: (e) => e.reporterDepartment },
  { name: 'contact_name', type: 'text', value: (e) => e.contactName },
  { name: 'contact_phone', type: 'text', value: (e) => e.contactPhone },
  { name: 'grid_code', type: 'text', value: (e) => e.gridCode },
  { name: 'address_code', type: 'text', value: (e) => e.addressCode },
  { name: 'involved_person_ids', type: 'text[]', value: (e) => e.involvedPersonIds },
  { name: 'involved_house_codes', type: 'text[]', value: (e) => e.involvedHouseCodes },
  { name: 'involved_entity_usccs', type: 'text[]', value: (e) => e.involvedEntityUsccs },
  { name: 'status', type: '"EventStatus"', value: (e) => e.status },
  { name: 'reported_at', type: 'timestamptz', value: (e) => instant(e.reportedAt) },
  { name: 'registered_at', type: 'timestamptz', value: (e) => instant(e.registeredAt) },
  { name: 'rejection_reason', type: 'text', value: (e) => e.rejectionReason },
  { name: 'duplicate_of_id', type: 'text', value: (e) => e.duplicateOfId },
  { name: 'department', type: 'text', value: (e) => e.department },
  { name: 'dispatch_count', type: 'int', value: (e) => e.dispatchCount },
  { name: 'return_count', type: 'int', value: (e) => e.returnCount },
  { name: 'returned_departments', type: 'text[]', value: (e) => e.returnedDepartments },
  { name: 'dispatched_at', type: 'timestamptz', value: (e) => instant(e.dispatchedAt) },
  { name: 'contact_deadline', type: 'timestamptz', value: (e) => instant(e.contactDeadline) },
  { name: 'contact_warn_at', type: 'timestamptz', value: (e) => instant(e.contactWarnAt) },
  { name: 'handle_deadline', type: 'timestamptz', value: (e) => instant(e.handleDeadline) },
  { name: 'handle_warn_at', type: 'timestamptz', value: (e) => instant(e.handleWarnAt) },
  { name: 'extension_days', type: 'int', value: (e) => e.extensionDays },
  { name: 'pending_extension_days', type: 'int', value: (e) => e.pendingExtensionDays },
  { name: 'pending_extension_note', type: 'text', value: (e) => e.pendingExtensionNote },
  { name: 'accepted_at', type: 'timestamptz', value: (e) => instant(e.acceptedAt) },
  { name: 'handled_at', type: 'timestamptz', value: (e) => instant(e.handledAt) },
  { name: 'handled_late', type: 'boolean', value: (e) => e.handledLate },
  { name: 'handled_by', type: 'text', value: (e) => e.handledBy },
  { name: 'handling_result', type: 'text', value: (e) => e.handlingResult },
  { name: 'attachments', type: 'text[]', value: (e) => e.attachments },
  { name: 'closed_at', type: 'timestamptz', value: (e) => instant(e.closedAt) },
  { name: 'evaluated_at', type: 'timestamptz', value: (e) => instant(e.evaluatedAt) },
  { name: 'satisfaction', type: 'int', value: (e) => e.satisfaction },
  { name: 'evaluation_comment', type: 'text', value: (e) => e.evaluationComment },
  { name: 'updated_at', type: 'timestamptz', value: (e) => instant(e.updatedAt) },
  { name: 'command_level', type: '"CommandLevel"', value: (e) => e.commandLevel },
  { name: 'command_deadline', type: 'timestamptz', value: (e) => instant(e.commandDeadline) },
  { name: 'command_warn_at', type: 'timestamptz', value: (e) => instant(e.commandWarnAt) },
  { name: 'verify_deadline', type: 'timestamptz', value: (e) => instant(e.verifyDeadline) },
  { name: 'progress_deadline', type: 'timestamptz', value: (e) => instant(e.progressDeadline) },
  { name: 'progress_reported_at', type: 'timestamptz', value: (e) => instant(e.progressReportedAt) },
  { name: 'redo_count', type: 'int', value: (e) => e.redoCount },
  { name: 'escalation_count', type: 'int', value: (e) => e.escalationCount },
  { name: 'answered_directly', type: 'boolean', value: (e) => e.answeredDirectly },
  { name: 'supervision_level', type: 'int', value: (e) => e.supervisionLevel },
  { name: 'supervision_open_levels', type: 'int[]', value: (e) => e.supervisionOpenLevels.map(String) },
  { name: 'supervision_due_at', type: 'timestamptz', value: (e) => instant(e.supervisionDueAt) },
  { name: 'co_handler_departments', type: 'text[]', value: (e) => e.coHandlerDepartments },
  { name: 'co_handlers_pending', type: 'text[]', value: (e) => e.coHandlersPending },
  { name: 'next_sweep_at', type: 'timestamptz', value: (e) => instant(e.nextSweepAt) },
];

export const TRANSITION_COLUMNS: BulkColumn<TransitionRow>[] = [
  { name: 'event_id', type: 'text', value: (t) => t.eventId },
  { name: 'sequence', type: 'int', value: (t) => t.sequence },
  { name: 'at', type: 'timestamptz', value: (t) => instant(t.at) },
  { name: 'action', type: '"EventAction"', value: (t) => t.action },
  { name: 'from_status', type: '"EventStatus"', value: (t) => t.fromStatus },
  { name: 'to_status', type: '"EventStatus"', value: (t) => t.toStatus },
  { name: 'actor_user', type: 'text', value: (t) => t.actorUser },
  { name: 'actor_department', type: 'text', value: (t) => t.actorDepartment },
  { name: 'actor_role', type: 'text', value: (t) => t.actorRole },
  { name: 'department', type: 'text', value: (t) => t.department },
  { name: 'note', type: 'text', value: (t) => t.note },
  { name: 'details', type: '"jsonb"', value: (t) => (t.details === null ? null : JSON.stringify(t.details)) },
];

export const DISPATCH_COLUMNS: BulkColumn<DispatchRow>[] = [
  { name: 'event_id', type: 'text', value: (d) => d.eventId },
  { name: 'sequence', type: 'int', value: (d) => d.sequence },
  { name: 'department', type: 'text', value: (d) => d.department },
  { name: 'dispatched_at', type: 'timestamptz', value: (d) => instant(d.dispatchedAt) },
  { name: 'dispatched_by', type: 'text', value: (d) => d.dispatchedBy },
  { name: 'override', type: 'boolean', value: (d) => d.override },
  { name: 'contact_deadline', type: 'timestamptz', value: (d) => instant(d.contactDeadline) },
  { name: 'handle_deadline', type: 'timestamptz', value: (d) => instant(d.handleDeadline) },
  { name: 'extension_days', type: 'int', value: (d) => d.extensionDays },
  { name: 'accepted_at', type: 'timestamptz', value: (d) => instant(d.acceptedAt) },
  { name: 'returned_at', type: 'timestamptz', value: (d) => instant(d.returnedAt) },
  { name: 'return_reason', type: 'text', value: (d) => d.returnReason },
  { name: 'handled_at', type: 'timestamptz', value: (d) => instant(d.handledAt) },
  { name: 'handled_late', type: 'boolean', value: (d) => d.handledLate },
  { name: 'reopened_at', type: 'timestamptz', value: (d) => instant(d.reopenedAt) },
];

export const SUPERVISION_COLUMNS: BulkColumn<SimulatedEvent['supervisions'][number]>[] = [
  { name: 'id', type: 'text', value: (s) => s.id },
  { name: 'event_id', type: 'text', value: (s) => s.eventId },
  { name: 'level', type: 'int', value: (s) => s.level },
  { name: 'stage', type: 'text', value: (s) => s.stage },
  { name: 'rule_key', type: 'text', value: (s) => s.ruleKey },
  { name: 'department', type: 'text', value: (s) => s.department },
  { name: 'raised_at', type: 'timestamptz', value: (s) => instant(s.raisedAt) },
  { name: 'due_at', type: 'timestamptz', value: (s) => instant(s.dueAt) },
  { name: 'raised_by_user', type: 'text', value: (s) => s.raisedByUser },
  { name: 'raised_by_department', type: 'text', value: (s) => s.raisedByDepartment },
  { name: 'note', type: 'text', value: (s) => s.note },
  { name: 'response_deadline', type: 'timestamptz', value: (s) => instant(s.responseDeadline) },
];

export const ALERT_COLUMNS: BulkColumn<SimulatedEvent['alerts'][number]>[] = [
  { name: 'event_id', type: 'text', value: (a) => a.eventId },
  { name: 'key', type: 'text', value: (a) => a.key },
  { name: 'at', type: 'timestamptz', value: (a) => instant(a.at) },
];
