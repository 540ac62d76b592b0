import { createHash } from 'node:crypto';
import { checkAddressText } from '../../../kit/src/address-matching/search-input';
import type { GeoPoint } from '../../../kit/src/address-matching/types';
import type { EventChannel } from '../../prisma/generated/enums';
import type { EventsDomain } from '../domain';
import { badUserInput } from '../errors';
import type { EventRow } from '../prisma';
import { checkInvolved, Involved, InvolvedInput, locationGrid } from '../references';
import type { Actor } from './actors';
import { categoryOf, TimelineDraft } from './decide';
import { commandDeadlines } from './deadlines';
import { optionalText, quoted, requiredText, TITLE_MAX } from './input';

export interface ReportInput extends InvolvedInput {
  idempotencyKey: string;
  categoryCode: string;
  title?: string | null;
  description: string;
  gridCode?: string | null;
  addressCode?: string | null;
  /** The location as said or typed, matched to a standard address (../address-text.ts). */
  addressText?: string | null;
  /** Where the reporter is, to rank a free-text address's candidates by distance. */
  near?: GeoPoint | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

/** A report checked in everything that needs no database. */
export interface ReportDraft {
  idempotencyKey: string;
  requestHash: string;
  categoryCode: string;
  title: string;
  description: string;
  gridCode: string;
  addressCode: string | null;
  /** The free-text address the location was read from, kept in the report's transition. */
  addressText: string | null;
  contactName: string | null;
  contactPhone: string | null;
  involved: Involved;
}

/** A report's location: a base grid, and the standard address when one is known. */
export type ReportLocation = Pick<ReportDraft, 'gridCode' | 'addressCode'>;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,100}$/;
/** A mobile number, or a landline with its area code. */
const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

export function checkReport(input: ReportInput, domain: EventsDomain): ReportDraft {
  return { ...checkReportFields(input, domain), ...locationGrid(input) };
}

/** Everything but the location, which a free-text address needs the database to decide. */
export function checkReportFields(input: ReportInput, domain: EventsDomain): Omit<ReportDraft, keyof ReportLocation> {
  if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
    throw badUserInput('idempotencyKey must be 8-100 characters of letters, digits and . _ : - (a UUID works)', { field: 'idempotencyKey' });
  }
  if (input.near != null && input.addressText == null) {
    throw badUserInput('near ranks the addresses a free-text address may mean: give addressText with it', { field: 'near' });
  }
  const category = categoryOf(domain, input.categoryCode);
  const contactPhone = optionalText(input.contactPhone, 'contactPhone', 20);
  if (contactPhone !== null && !PHONE.test(contactPhone)) {
    throw badUserInput('contactPhone must be a mobile number (11 digits) or a landline with its area code', { field: 'contactPhone' });
  }
  return {
    idempotencyKey: input.idempotencyKey,
    requestHash: fingerprint(input),
    categoryCode: category.code,
    title: optionalText(input.title, 'title', TITLE_MAX) ?? category.name,
    description: requiredText(input.description, 'description'),
    addressText: input.addressText == null ? null : checkAddressText(input.addressText, 'addressText'),
    contactName: optionalText(input.contactName, 'contactName', 50),
    contactPhone,
    involved: checkInvolved(input),
  };
}

/** Same input, same hash, whatever the order of its keys: tells a retry from a different report. */
function fingerprint(input: ReportInput): string {
  const canonical = JSON.stringify(input, Object.keys(input).sort());
  return createHash('sha256').update(canonical).digest('hex');
}

/** A new report, waiting for the city command centre to register it (its clock runs from now). */
export function newEventRow(id: string, draft: ReportDraft, actor: Actor, channel: EventChannel, now: Date, domain: EventsDomain): EventRow {
  const registerBy = commandDeadlines(domain.calendar, now, domain.catalogue.commandCentre.registerWorkingDays);
  return {
    id,
    version: 1,
    channel,
    categoryCode: draft.categoryCode,
    title: draft.title,
    description: draft.description,
    reporterUser: actor.user,
    reporterDepartment: actor.department,
    idempotencyKey: draft.idempotencyKey,
    requestHash: draft.requestHash,
    contactName: draft.contactName,
    contactPhone: draft.contactPhone,
    gridCode: draft.gridCode,
    addressCode: draft.addressCode,
    involvedPersonIds: draft.involved.personIds,
    involvedHouseCodes: draft.involved.houseCodes,
    involvedEntityUsccs: draft.involved.entityUsccs,
    status: 'REPORTED',
    reportedAt: now,
    registeredAt: null,
    rejectionReason: null,
    duplicateOfId: null,
    department: null,
    dispatchCount: 0,
    returnCount: 0,
    returnedDepartments: [],
    dispatchedAt: null,
    contactDeadline: null,
    contactWarnAt: null,
    handleDeadline: null,
    handleWarnAt: null,
    extensionDays: 0,
    pendingExtensionDays: null,
    pendingExtensionNote: null,
    acceptedAt: null,
    handledAt: null,
    handledLate: null,
    handledBy: null,
    handlingResult: null,
    attachments: [],
    closedAt: null,
    evaluatedAt: null,
    satisfaction: null,
    evaluationComment: null,
    updatedAt: now,
    commandLevel: 'CITY',
    ...registerBy,
    verifyDeadline: null,
    progressDeadline: null,
    progressReportedAt: null,
    redoCount: 0,
    escalationCount: 0,
    answeredDirectly: false,
    supervisionLevel: null,
    supervisionOpenLevels: [],
    supervisionDueAt: null,
    coHandlerDepartments: [],
    coHandlersPending: [],
    nextSweepAt: null,
  };
}

export const REPORT_TRANSITION = (row: EventRow, addressText: string | null = null): TimelineDraft => ({
  action: 'REPORT',
  fromStatus: null,
  toStatus: 'REPORTED',
  department: null,
  note: null,
  details: { channel: row.channel, categoryCode: row.categoryCode, ...(addressText === null ? {} : { addressText }) },
});

const CASE_NUMBER = /^E\d{14}$/;

/**
 * A case number as an argument: malformed is the caller's error (and never reaches SQL, where a NUL
 * would be a server error); well-formed but unknown is for the caller to find out (null or NOT_FOUND).
 */
export function checkedEventId(value: string, name: string, extension: 'argument' | 'field'): string {
  if (CASE_NUMBER.test(value)) return value;
  throw badUserInput(`${name} must be a case number: E, the 8-digit report date and a 6-digit number (E20261102000001), got ${quoted(value)}`, {
    [extension]: name,
  });
}

/** Case numbers: E + local report date + a 6-digit number of that day. */
export function eventId(localDay: string, number: number): string {
  if (number > 999_999) throw new Error(`more than 999999 events on ${localDay}`);
  return `E${localDay.replace(/-/g, '')}${String(number).padStart(6, '0')}`;
}
