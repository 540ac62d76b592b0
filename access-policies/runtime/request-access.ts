import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../platform/errors';
import { decideField, decideFilter, decideRows, decideWrite, FieldDecision, Principal, RowDecision, rowVisible, WriteDecision } from './decide';
import type { Policies } from './model';
import type { ReportedAccess } from '../../platform/wire-contract';

/**
 * One request's view of policy inside a subgraph: decisions are made once per coordinate and type
 * per request (they depend on the caller, never on a row), and row checks ask about each row.
 */
/** What the subgraph reports of each record it touched: the wire contract's access entry. */
export type TouchedRecord = ReportedAccess;

/** What a write reports to the trail: never values, only keyed digests of them. */
export interface WrittenRecord {
  entityKey: string;
  changedFields: string[];
  beforeDigest: string;
  afterDigest: string;
  changeRequestId?: string | null;
}

interface Touched {
  entityType: string;
  entityKey: string;
  subjectDigest?: string;
  raw: Set<string>;
  masked: Set<string>;
  denied: Set<string>;
  write?: WrittenRecord;
}

export class RequestAccess {
  private readonly fields = new Map<string, FieldDecision>();
  private readonly rowsByType = new Map<string, RowDecision>();
  private readonly touched = new Map<string, Touched>();

  constructor(
    private readonly policies: Policies,
    readonly subgraph: string,
    readonly principal: Principal,
    /** Turns a subject's identifying value into the digest the audit trail may hold. */
    private readonly digest: (value: string) => string = () => '',
  ) {}

  /** Notes what of a personal record went out (raw or masked) or was refused, for the audit trail. */
  record(typeName: string, row: Record<string, unknown>, coordinate: string, outcome: 'raw' | 'masked' | 'denied'): void {
    const audit = this.policies.subgraphs.get(this.subgraph)?.types[typeName]?.audit;
    const key = audit ? row[audit.key] : undefined;
    if (!audit || (typeof key !== 'string' && typeof key !== 'number')) return;
    const id = `${typeName}\u0000${key}`;
    let touched = this.touched.get(id);
    if (!touched) {
      const subject = audit.subject ? row[audit.subject] : undefined;
      touched = {
        entityType: typeName,
        entityKey: String(key),
        ...(typeof subject === 'string' ? { subjectDigest: this.digest(subject) } : {}),
        raw: new Set(),
        masked: new Set(),
        denied: new Set(),
      };
      this.touched.set(id, touched);
    }
    touched[outcome].add(coordinate);
  }

  /** Notes a change this request made (after it committed), for the audit trail. */
  recordWrite(typeName: string, written: WrittenRecord): void {
    const id = `${typeName}\u0000${written.entityKey}`;
    const touched = this.touched.get(id) ?? { entityType: typeName, entityKey: written.entityKey, raw: new Set(), masked: new Set(), denied: new Set() };
    touched.write = written;
    this.touched.set(id, touched);
  }

  /** Keyed digest of a value (the subject digest key), so the trail can match values without holding them. */
  keyedDigest(value: string): string {
    return this.digest(value);
  }

  /** Every personal record this request touched, with the coordinates that went out raw, masked or were refused. */
  report(): TouchedRecord[] {
    return [...this.touched.values()].map((t) => ({
      entityType: t.entityType,
      entityKey: t.entityKey,
      ...(t.subjectDigest ? { subjectDigest: t.subjectDigest } : {}),
      raw: [...t.raw].sort(),
      masked: [...t.masked].sort(),
      denied: [...t.denied].sort(),
      ...(t.write
        ? {
            written: t.write.changedFields.map((f) => `${t.entityType}.${f}`).sort(),
            beforeDigest: t.write.beforeDigest,
            afterDigest: t.write.afterDigest,
            ...(t.write.changeRequestId ? { changeRequestId: t.write.changeRequestId } : {}),
          }
        : {}),
    }));
  }

  field(coordinate: string): FieldDecision {
    let decision = this.fields.get(coordinate);
    if (!decision) {
      decision = decideField(this.policies, this.subgraph, coordinate, this.principal);
      this.fields.set(coordinate, decision);
    }
    return decision;
  }

  /** Whether the caller may filter `coordinate` by `argument` (reading the filtered field unmasked). */
  filter(coordinate: string, argument: string): FieldDecision {
    const key = `${coordinate}(${argument})`;
    let decision = this.fields.get(key);
    if (!decision) {
      decision = decideFilter(this.policies, this.subgraph, coordinate, argument, this.principal);
      this.fields.set(key, decision);
    }
    return decision;
  }

  /** Whether and how the caller may write a field (directly, or by a change request). */
  write(coordinate: string): WriteDecision {
    return decideWrite(this.policies, this.subgraph, coordinate, this.principal);
  }

  /** Whether the caller's department owns this subgraph's data: every field in full (rows still follow its jurisdiction). */
  ownsData(): boolean {
    return this.policies.subgraphs.get(this.subgraph)?.owner === this.principal.department;
  }

  rows(typeName: string): RowDecision {
    let decision = this.rowsByType.get(typeName);
    if (!decision) {
      decision = decideRows(this.policies, this.subgraph, typeName, this.principal);
      this.rowsByType.set(typeName, decision);
    }
    return decision;
  }

  /** The grid-code prefixes a list of this type must be limited to; null when every row is visible. */
  rowPrefixes(typeName: string): string[] | null {
    const rows = this.rows(typeName);
    if (rows.scope === 'all') return null;
    if (rows.scope === 'none') throw forbidden('NOT_SHARED', `${this.principal.department} may not read ${typeName} rows`);
    return rows.prefixes;
  }

  visible(typeName: string, gridCode: unknown): boolean {
    return rowVisible(this.rows(typeName), gridCode);
  }

  /** Throws FORBIDDEN when the row is outside what the caller may see; a direct lookup then yields null. */
  assertVisible(typeName: string, gridCode: unknown, row?: Record<string, unknown>): void {
    if (this.visible(typeName, gridCode)) return;
    if (row) this.record(typeName, row, `${typeName}.*`, 'denied');
    const rows = this.rows(typeName);
    throw rows.scope === 'none'
      ? forbidden('NOT_SHARED', `${this.principal.department} may not read ${typeName} rows`)
      : forbidden('OUT_OF_JURISDICTION', `this ${typeName} is outside the caller's jurisdiction`);
  }
}

export function forbidden(reason: string, message: string, coordinate?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.FORBIDDEN, reason, ...(coordinate ? { coordinate } : {}) },
  });
}
