/**
 * How a subgraph's versioned table maps to the fields its schema exposes: what the shared write path
 * (record-change.ts), history and the change feed need to know of a record type. One per type.
 */
export interface StoredField {
  column: string;
  /** The SQL type a written value is cast to (`text`, `date`, `"ResidenceType"`, `"PersonTag"[]`). */
  sqlType: string;
  /** A list kept in a table of its own (an entity's premises): `column` is then the value column there. */
  child?: { table: string; ownerColumn: string };
}

export interface RecordDescriptor {
  /** The GraphQL type (Person, House): policy coordinates are `${entityType}.${field}`. */
  entityType: string;
  table: string;
  keyColumn: string;
  gridColumn: string;
  /** Writable fields by GraphQL field name. */
  fields: Record<string, StoredField>;
}

/** Where a change came from (history's `source`). */
export type ChangeSource = 'SEED' | 'IMPORT' | 'COLLECTION' | 'DEPARTMENT';

export interface Actor {
  department: string;
  user: string;
}

/** A value as history and the feed hold it: the text (or list) the schema would show, or null. */
export type FieldValue = string | number | string[] | null;
