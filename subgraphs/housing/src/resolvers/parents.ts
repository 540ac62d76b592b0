import type { WritePayloadParent } from '../../../kit/src/records/direct-write';

/** What resolvers of this subgraph receive as parent where it is not a row (schema/codegen.cjs maps the GraphQL types to these). */

/** HouseWritePayload: the write's result and the house written. */
export type HouseWritePayloadParent = WritePayloadParent<'houseCode'>;

/** BuildingWritePayload (registerBuilding): the building registered. */
export interface BuildingWritePayloadParent {
  buildingCode: string;
  replayed: boolean;
}
