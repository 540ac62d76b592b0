import { bestDecision, decideRows } from './decide';
import type { Policies } from './model';
import { fieldLabel, labels } from './labels';
import type { MatrixCell, MatrixField, MatrixJson, MatrixType, RowScope } from './matrix-types';

export type { MatrixCell, MatrixEffect, MatrixField, MatrixJson, MatrixType, RowScope } from './matrix-types';

/**
 * The access matrix as data, for the auditors' console: the same decisions as matrix.md (both ask
 * `bestDecision` and `decideRows`), with structure instead of table cells, and every field, the
 * unconditional ones included, so the console can show or hide them.
 */
/** A town-level official of the department, as matrix.md probes row scope. */
const ROW_PROBE = { level: 'town' as const, jurisdiction: ['449900101000'] };

export function policyMatrixJson(policies: Policies): MatrixJson {
  const departments = [...policies.departments.values()];
  const ids = departments.map((d) => d.id);
  const subgraphs = [...policies.subgraphs].map(([subgraph, file]) => ({
    subgraph,
    owner: file.owner,
    types: Object.entries(file.types).map(([typeName, type]): MatrixType => {
      const rows =
        type.rows === 'unrestricted'
          ? undefined
          : Object.fromEntries(
              ids.map((d): [string, RowScope] => {
                const scope = decideRows(policies, subgraph, typeName, { department: d, ...ROW_PROBE }).scope;
                return [d, scope === 'all' ? 'all' : scope === 'none' ? 'none' : 'jurisdiction'];
              }),
            );
      const fields = Object.entries(type.fields).map(([fieldName, field]): MatrixField => {
        const coordinate = `${typeName}.${fieldName}`;
        const cells = Object.fromEntries(
          ids.map((d): [string, MatrixCell] => {
            if (d === file.owner) return [d, { effect: 'owner' }];
            const decision = bestDecision(policies, subgraph, coordinate, d);
            const purposes = decision.purposes ? { purposes: decision.purposes } : {};
            if (decision.effect === 'deny') return [d, { effect: 'deny', reason: decision.reason }];
            if (decision.effect === 'mask') return [d, { effect: 'mask', mask: decision.mask, ...purposes }];
            return [d, { effect: field.sensitivity === 'aggregate' ? 'aggregate' : 'allow', ...purposes }];
          }),
        );
        return { coordinate, class: field.class, ...(field.sensitivity ? { sensitivity: field.sensitivity } : {}), cells };
      });
      return { type: typeName, ...(rows ? { rows } : {}), fields };
    }),
  }));
  // The console names purposes and fields from the same table as the exports and the citizen's report.
  const coordinates = subgraphs.flatMap((s) => s.types.flatMap((t) => t.fields.map((f) => f.coordinate)));
  return {
    departments: departments.map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn, purposes: d.purposes })),
    labels: {
      purposes: labels().purposes,
      fields: Object.fromEntries(coordinates.map((c) => [c, { zh: fieldLabel(c, 'zh'), en: fieldLabel(c, 'en') }])),
    },
    subgraphs,
  };
}
