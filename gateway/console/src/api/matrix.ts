/** The shape of /console/api/matrix.json (access-policies/compiler/matrix-json.ts). */
export type MatrixEffect = 'owner' | 'allow' | 'mask' | 'aggregate' | 'deny';

export interface MatrixCell {
  effect: MatrixEffect;
  mask?: string;
  purposes?: string[];
  reason?: string;
}

export type RowScope = 'owner' | 'all' | 'jurisdiction' | 'none';

export interface MatrixField {
  coordinate: string;
  class: 'unconditional' | 'conditional' | 'not-shared';
  sensitivity?: string;
  cells: Record<string, MatrixCell>;
}

export interface MatrixType {
  type: string;
  rows?: Record<string, RowScope>;
  fields: MatrixField[];
}

export interface DepartmentInfo {
  id: string;
  name: string;
  nameEn: string;
  purposes?: string[];
}

export interface MatrixJson {
  departments: DepartmentInfo[];
  subgraphs: { subgraph: string; owner: string; types: MatrixType[] }[];
}
