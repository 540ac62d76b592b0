import { repositoryPolicies } from './load';
import { fieldLabel, labels, purposeLabel } from './labels';

describe('the names of purposes and fields (labels.yaml)', () => {
  it('names every purpose a department may state, in both languages', () => {
    const purposes = new Set([...repositoryPolicies().departments.values()].flatMap((d) => d.purposes));
    const unnamed = [...purposes].filter((p) => !labels().purposes[p]);
    expect(unnamed).toEqual([]);
    expect(purposeLabel('case-investigation')).toBe('案件侦查');
    expect(purposeLabel('case-investigation', 'en')).toBe('Case investigation');
  });

  it('names fields, falling back to the type for those it does not list', () => {
    expect(fieldLabel('Person.phone')).toBe('联系电话');
    expect(fieldLabel('House.use')).toBe('房屋信息.use');
    expect(fieldLabel('Person.*')).toBe('人口信息（全部）');
  });
});
