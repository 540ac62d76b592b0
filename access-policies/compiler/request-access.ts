import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../subgraphs/kit/src/errors';
import { decideField, decideRows, FieldDecision, Principal, RowDecision, rowVisible } from './decide';
import type { Policies } from './model';

/**
 * One request's view of policy inside a subgraph: decisions are made once per coordinate and type
 * per request (they depend on the caller, never on a row), and row checks ask about each row.
 */
export class RequestAccess {
  private readonly fields = new Map<string, FieldDecision>();
  private readonly rowsByType = new Map<string, RowDecision>();

  constructor(
    private readonly policies: Policies,
    readonly subgraph: string,
    readonly principal: Principal,
  ) {}

  field(coordinate: string): FieldDecision {
    let decision = this.fields.get(coordinate);
    if (!decision) {
      decision = decideField(this.policies, this.subgraph, coordinate, this.principal);
      this.fields.set(coordinate, decision);
    }
    return decision;
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
  assertVisible(typeName: string, gridCode: unknown): void {
    if (this.visible(typeName, gridCode)) return;
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
