import type { EventSupervision as SupervisionRow } from '../../prisma/generated/client';

/** What resolvers of this subgraph receive as parent where it is not a row (schema/codegen.cjs maps the GraphQL types to these). */

/** A supervision as Event.supervisions lists it: with the event's running step, to tell whether it was overtaken. */
export type SupervisionParent = SupervisionRow & { currentStage: string | null };
