import { repositoryPolicies } from './load';
import { policyMatrix } from '../compiler/matrix';
import { MatrixCell, policyMatrixJson } from './matrix-json';

/** The cell matrix.md prints for a decision, rebuilt from the JSON. */
function asMarkdownCell(cell: MatrixCell): string {
  const purpose = cell.purposes ? ` (purpose: ${cell.purposes.join(', ')})` : '';
  if (cell.effect === 'owner') return 'owner';
  if (cell.effect === 'deny') return '—';
  if (cell.effect === 'mask') return `mask:${cell.mask}${purpose}`;
  return `${cell.effect}${purpose}`;
}

describe('the access matrix as JSON', () => {
  const policies = repositoryPolicies();
  const json = policyMatrixJson(policies);

  it('says what matrix.md says for every department and every field it lists', () => {
    const markdown = policyMatrix(policies);
    const departments = json.departments.map((d) => d.id);
    let compared = 0;
    for (const { subgraph, types } of json.subgraphs) {
      // The same type can appear under several owners (a Person stub in events, say): compare within the section.
      const section = markdown
        .split('\n## ')
        .find((part) => part.startsWith(`${subgraph} (owner:`))!
        .split('\n');
      for (const type of types) {
        for (const field of type.fields) {
          if (field.class === 'unconditional') continue;
          const row = section.find((line) => line.startsWith(`| ${field.coordinate} (`));
          expect(row).toBeDefined();
          const cells = row!
            .split(' | ')
            .slice(1)
            .map((c) => c.replace(/ \|$/, ''));
          expect(departments.map((d) => asMarkdownCell(field.cells[d]))).toEqual(cells);
          compared++;
        }
        if (type.rows) {
          const row = section.find((line) => line.startsWith(`| **${type.type}** rows |`))!;
          const expected = row
            .split(' | ')
            .slice(1)
            .map((c) => c.replace(/ \|$/, ''));
          const named = { owner: 'owner', all: 'all rows', none: '—', jurisdiction: 'jurisdiction' };
          expect(departments.map((d) => named[type.rows![d]])).toEqual(expected);
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('names every department with its labels and includes unconditional fields', () => {
    expect(json.departments.find((d) => d.id === 'health')).toMatchObject({ name: '卫生健康局', nameEn: 'Health Commission' });
    const person = json.subgraphs.find((s) => s.subgraph === 'population')!.types.find((t) => t.type === 'Person')!;
    expect(person.fields.find((f) => f.coordinate === 'Person.idNumber')!.cells.health).toEqual({ effect: 'mask', mask: 'id-number-region' });
    expect(person.fields.find((f) => f.coordinate === 'Person.phone')!.cells.health).toEqual({ effect: 'allow', purposes: ['epidemic-prevention'] });
    expect(person.fields.find((f) => f.coordinate === 'Person.name')!.cells.education).toEqual({ effect: 'deny', reason: 'NOT_SHARED' });
    expect(person.fields.some((f) => f.class === 'unconditional')).toBe(true);
  });
});
