import { badUserInput, serviceUnavailable } from '../../../../platform/errors';
import type { Logger } from '../../../../platform/logger';
import { callGatewayAsService, ServiceGatewayOptions } from '../service/gateway-call';

/**
 * Whether the records a write refers to in another register exist (an address that is not retired,
 * a house, a person, a legal entity). The owner of each is asked through the gateway, as the writing
 * subgraph's own service identity, in one request per write (an alias per reference; an import page's
 * references in requests of 20, the gateway's alias limit, never one per row): the lookup goes
 * through the policy and onto the audit trail like any read, and asks only for the key (and an
 * address's status), never particulars.
 *
 * Asked at the time of the write rather than kept in a feed-fed copy (as the events subgraph does):
 * a record registered a moment ago counts at once, no owner keeps a copy of another's register, and
 * writes are few. The cost is that a write needs the gateway and the other owner up: when the lookup
 * cannot be made the write is refused (fail closed), never stored unchecked.
 */

export type ReferenceKind = 'address' | 'house' | 'person' | 'legalEntity';

export interface Reference {
  kind: ReferenceKind;
  code: string;
  /** The input field that names it (`building.addressCode`, `change.houseCode`): what the error names. */
  field: string;
}

const LOOKUPS: Record<ReferenceKind, { query: string; argument: string; type: string; selection: string; noun: string }> = {
  address: { query: 'address', argument: 'code', type: 'ID!', selection: 'code status', noun: 'standard address' },
  house: { query: 'house', argument: 'code', type: 'ID!', selection: 'code', noun: 'house' },
  person: { query: 'person', argument: 'id', type: 'ID!', selection: 'id', noun: 'person' },
  legalEntity: { query: 'legalEntity', argument: 'uscc', type: 'String!', selection: 'uscc', noun: 'legal entity' },
};

export interface MissingReference {
  reference: Reference;
  /** Found, but a retired standard address (no longer to be referred to). */
  retired: boolean;
}

export interface ReferenceChecker {
  /** Throws BAD_USER_INPUT naming the first missing (or retired) reference, SERVICE_UNAVAILABLE when it cannot ask. */
  check(references: readonly Reference[], context: { requestId: string; logger: Logger }): Promise<void>;
  /** The references that do not exist (or are retired), of many at once (an import page's); SERVICE_UNAVAILABLE when it cannot ask. */
  missing(references: readonly Reference[], context: { requestId: string; logger: Logger }): Promise<MissingReference[]>;
}

/**
 * References asked in one request: the gateway refuses an operation of more than 20 aliases
 * (gateway/src/plugins/limits.ts MAX_ALIASES), and the owners have no list-by-key query, so a
 * page's references go in requests of at most this many (any kinds mixed).
 */
export const REFERENCES_PER_REQUEST = 20;

export interface GatewayReferenceOptions extends ServiceGatewayOptions {
  /** The purpose the owner's service states (its department's register purpose). */
  purpose: string;
}

/** The one GraphQL request that asks for every reference at once (codes as variables, never spliced). */
export function referenceQuery(references: readonly Reference[]): { query: string; variables: Record<string, string> } {
  const variables: Record<string, string> = {};
  const declared: string[] = [];
  const fields: string[] = [];
  references.forEach((reference, i) => {
    const lookup = LOOKUPS[reference.kind];
    variables[`v${i}`] = reference.code;
    declared.push(`$v${i}: ${lookup.type}`);
    fields.push(`r${i}: ${lookup.query}(${lookup.argument}: $v${i}) { ${lookup.selection} }`);
  });
  return { query: `query ReferenceCheck(${declared.join(', ')}) { ${fields.join(' ')} }`, variables };
}

function unavailable(references: readonly Reference[], why: string) {
  const fields = [...new Set(references.map((r) => r.field))];
  return serviceUnavailable(`the references in ${fields.join(', ')} could not be checked (${why}): nothing was written; try again`, {
    reason: 'REFERENCE_CHECK_UNAVAILABLE',
    fields,
  });
}

export function gatewayReferenceChecker(options: GatewayReferenceOptions): ReferenceChecker {
  const ask = async (references: readonly Reference[], context: { requestId: string; logger: Logger }): Promise<MissingReference[]> => {
    const { query, variables } = referenceQuery(references);
    let answer;
    try {
      answer = await callGatewayAsService<Record<string, Record<string, unknown> | null>>(options, {
        query,
        variables,
        purpose: options.purpose,
        what: 'reference check',
      });
    } catch (error) {
      context.logger.warn({ event: 'records.reference_check_failed', requestId: context.requestId, err: error }, 'reference check could not be made');
      throw unavailable(references, (error as Error).message);
    }
    context.logger.info(
      { event: 'records.reference_checked', requestId: context.requestId, lookupRequestId: answer.requestId, references: references.length },
      'references checked',
    );
    return references.flatMap((reference, i): MissingReference[] => {
      const found = answer.data[`r${i}`];
      if (!found) return [{ reference, retired: false }];
      return reference.kind === 'address' && found.status === 'RETIRED' ? [{ reference, retired: true }] : [];
    });
  };
  const checker: ReferenceChecker = {
    async missing(references, context) {
      // Kinds mixed in one request (an alias each): a write's few references are one request, as before.
      const chunks: Reference[][] = [];
      for (let i = 0; i < references.length; i += REFERENCES_PER_REQUEST) chunks.push(references.slice(i, i + REFERENCES_PER_REQUEST));
      const answers: MissingReference[][] = [];
      // One after another: a page's references are few (rows that change an employer or an owner), and a failure stops the rest.
      for (const chunk of chunks) answers.push(await ask(chunk, context));
      return answers.flat();
    },
    async check(references, context) {
      if (references.length === 0) return;
      const [first] = await checker.missing(references, context);
      if (first) throw badUserInput(missingMessage(first), { field: first.reference.field });
    },
  };
  return checker;
}

/** What a missing reference is told as: the field, and that the record is not there (or retired). */
export function missingMessage({ reference, retired }: MissingReference, shown: string = reference.code): string {
  const noun = LOOKUPS[reference.kind].noun;
  return retired ? `${reference.field}: standard address ${shown} is retired` : `${reference.field}: there is no ${noun} ${shown}`;
}

/**
 * The check every write path runs after the caller's grants are checked (so a caller who may not
 * write cannot use the owner's identity to learn what exists). No checker (a subgraph started
 * without a way to reach the gateway): the write is refused.
 */
export async function checkReferences(
  ctx: { references?: ReferenceChecker; requestId: string; logger: Logger },
  references: readonly Reference[] | undefined,
): Promise<void> {
  const unique = [...new Map((references ?? []).map((r) => [`${r.kind}|${r.code}|${r.field}`, r])).values()];
  if (unique.length === 0) return;
  if (!ctx.references) throw unavailable(unique, 'this subgraph has no service identity to ask the gateway with');
  await ctx.references.check(unique, ctx);
}

/** The references of many writes (an import page's rows) checked together; throws SERVICE_UNAVAILABLE (nothing to be written) when it cannot ask. */
export async function missingReferences(
  ctx: { references?: ReferenceChecker; requestId: string; logger: Logger },
  references: readonly Reference[],
): Promise<MissingReference[]> {
  const unique = [...new Map(references.map((r) => [`${r.kind}|${r.code}|${r.field}`, r])).values()];
  if (unique.length === 0) return [];
  if (!ctx.references) throw unavailable(unique, 'this subgraph has no service identity to ask the gateway with');
  return ctx.references.missing(unique, ctx);
}
