import type { AddressRecord } from '../../../kit/src/address-matching/types';
import type { WritePayloadParent } from '../../../kit/src/records/direct-write';
import type { AddressRow } from '../prisma';

/** What resolvers of this subgraph receive as parent where it is not a row (schema/codegen.cjs maps the GraphQL types to these). */

/** AddressWritePayload and GridWritePayload: the write's result and the record's code. */
export type RecordWritePayloadParent = WritePayloadParent<'code'>;

/**
 * An address reached through the matching index carries the index's columns only (the index reads
 * the active_address view): its version and status come from the table.
 */
export type AddressParent = AddressRow | AddressRecord;
