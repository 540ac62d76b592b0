/*
 * The access matrix as data: what /console/api/matrix.json answers. Types only and no imports, so the
 * console (a browser bundle) takes them from here instead of keeping a copy.
 */
export type MatrixEffect = 'owner' | 'allow' | 'mask' | 'aggregate' | 'deny';

export interface MatrixCell {
  effect: MatrixEffect;
  /** The mask applied, when effect is mask. */
  mask?: string;
  /** Only when one of these purposes is stated (X-Purpose). */
  purposes?: string[];
  /** Why it is denied (NOT_SHARED, …), when effect is deny. */
  reason?: string;
}

export type RowScope = 'owner' | 'all' | 'jurisdiction' | 'none';

export interface MatrixField {
  coordinate: string;
  class: 'unconditional' | 'conditional' | 'not-shared';
  sensitivity?: string;
  /** By department id. */
  cells: Record<string, MatrixCell>;
}

export interface MatrixType {
  type: string;
  /** Which rows each department sees; absent for types whose rows are unrestricted. */
  rows?: Record<string, RowScope>;
  fields: MatrixField[];
}

/** A department as the console lists it (sign-in lists them without purposes). */
export interface DepartmentInfo {
  id: string;
  name: string;
  nameEn: string;
  purposes?: string[];
}

/** Names in both languages, from access-policies/labels.yaml. */
export interface NameLabels {
  purposes: Record<string, { zh: string; en: string }>;
  fields: Record<string, { zh: string; en: string }>;
}

export interface MatrixJson {
  departments: (DepartmentInfo & { purposes: string[] })[];
  labels: NameLabels;
  subgraphs: { subgraph: string; owner: string; types: MatrixType[] }[];
}
