import { loadCatalogue, parseCatalogue } from './catalogue';
import { DEPARTMENT_IDS } from './departments';

const ENTRY = `  - code: fire.blocked-escape-route
    name: 消防通道堵塞
    domain: FIRE_SAFETY
    managingDepartment: fire-rescue
    enforcingDepartment: urban-management
    limits: { contactWorkingDays: 1, handleWorkingDays: 3 }
    extension: { allowed: false }
    closureStandard: 通道畅通并拍照留存
`;
const COMMAND_CENTRE = `commandCentre:
  registerWorkingDays: 0.5
  dispatchWorkingDays: 0.5
  verifyWorkingDays: 1
  progressReportWorkingDays: 10
  duplicateWindowDays: 7
`;
const catalogue = (entries: string, commandCentre = COMMAND_CENTRE) => `version: "1"\n${commandCentre}categories:\n${entries}`;

describe('the responsibility catalogue', () => {
  it('ships at least 40 categories across the domains the issue names, each routed to known departments', () => {
    const loaded = loadCatalogue();
    expect(loaded.categories.length).toBeGreaterThanOrEqual(40);
    const domains = new Set(loaded.categories.map((c) => c.domain));
    for (const domain of [
      'FIRE_SAFETY',
      'WORK_SAFETY',
      'SANITATION',
      'ILLEGAL_CONSTRUCTION',
      'RENTAL_HOUSING',
      'FOOD_SAFETY',
      'DISPUTE',
      'ROAD_AND_FACILITIES',
      'ELDERLY_CARE',
    ]) {
      expect(domains).toContain(domain);
    }
    for (const category of loaded.categories) {
      expect(DEPARTMENT_IDS).toContain(category.managingDepartment);
      expect(DEPARTMENT_IDS).toContain(category.enforcingDepartment);
    }
  });

  it('parses a valid entry', () => {
    const parsed = parseCatalogue(catalogue(ENTRY));
    expect(parsed.byCode.get('fire.blocked-escape-route')?.limits).toEqual({ contactWorkingDays: 1, handleWorkingDays: 3 });
  });

  it.each([
    [
      ENTRY.replace('managingDepartment: fire-rescue', 'managingDepartment: fire-brigade'),
      /category #1 \(fire\.blocked-escape-route\) field managingDepartment/,
    ],
    [
      ENTRY.replace('enforcingDepartment: urban-management', 'enforcingDepartment: fire-rescue'),
      /category #1 \(fire\.blocked-escape-route\) field enforcingDepartment: must differ/,
    ],
    [ENTRY.replace('{ allowed: false }', '{ allowed: true }'), /field extension: maxWorkingDays is required/],
    [ENTRY.replace('{ allowed: false }', '{ allowed: true, maxWorkingDays: 20 }'), /field extension\.maxWorkingDays/],
    [ENTRY.replace('handleWorkingDays: 3', 'handleWorkingDays: 0.5'), /field limits/],
    [ENTRY + ENTRY, /category #2 \(fire\.blocked-escape-route\): code is used twice/],
    [ENTRY.replace('code: fire.blocked-escape-route', 'code: Fire Safety'), /category #1 \(Fire Safety\) field code/],
    [ENTRY.replace('    closureStandard: 通道畅通并拍照留存\n', ''), /category #1 \(fire\.blocked-escape-route\) field closureStandard/],
  ])('names the entry and field of a bad catalogue (%#)', (entries, message) => {
    expect(() => parseCatalogue(catalogue(entries))).toThrow(message);
  });

  it('reads the command centre limits and the consultations a dispatcher may answer at once', () => {
    const loaded = loadCatalogue();
    expect(loaded.commandCentre).toMatchObject({ progressReportWorkingDays: 10, registerWorkingDays: expect.any(Number) });
    expect(loaded.categories.filter((c) => c.directAnswer).length).toBeGreaterThanOrEqual(3);
    expect(parseCatalogue(catalogue(ENTRY)).byCode.get('fire.blocked-escape-route')?.directAnswer).toBe(false);
  });

  it.each([
    [COMMAND_CENTRE.replace('progressReportWorkingDays: 10', 'progressReportWorkingDays: 0'), /commandCentre\.progressReportWorkingDays/],
    [COMMAND_CENTRE.replace('  duplicateWindowDays: 7\n', ''), /commandCentre\.duplicateWindowDays/],
    ['', /commandCentre/],
  ])('names a bad command centre limit (%#)', (commandCentre, message) => {
    expect(() => parseCatalogue(catalogue(ENTRY, commandCentre))).toThrow(message);
  });
});
