import type { WritePayloadParent } from '../../../kit/src/records/direct-write';

/** What resolvers of this subgraph receive as parent where it is not a row (schema/codegen.cjs maps the GraphQL types to these). */

/** PersonWritePayload: the write's result and the person written. */
export type PersonWritePayloadParent = WritePayloadParent<'personId'>;
