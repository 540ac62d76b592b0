// The shape of /console/api/matrix.json, declared once beside the code that builds it.
export type {
  DepartmentInfo,
  NameLabels,
  MatrixCell,
  MatrixEffect,
  MatrixField,
  MatrixJson,
  MatrixType,
  RowScope,
} from '../../../../access-policies/runtime/matrix-types';
