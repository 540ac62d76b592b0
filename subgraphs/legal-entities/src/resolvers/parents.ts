import type { PersonReference } from '../../../kit/src/entity-references';
import type { WritePayloadParent } from '../../../kit/src/records/direct-write';

/** What resolvers of this subgraph receive as parent where it is not a row (schema/codegen.cjs maps the GraphQL types to these). */

/** LegalEntityWritePayload: the write's result and the entity written. */
export type LegalEntityWritePayloadParent = WritePayloadParent<'uscc'>;

/** The legal representative as this subgraph provides it: the name, and the ID number for the access report only. */
export interface RepresentativeParent extends PersonReference {
  name: string;
  idNumber: string | null;
}
