/**
 * Departments that events can be dispatched to (入格部门), by the ids their tokens carry.
 * Kept here rather than read from access-policies/departments.yaml so the events workflow does not
 * depend on the policy layer; the two lists name the same ids.
 */
export const DEPARTMENTS = {
  'public-security': '公安',
  'fire-rescue': '消防救援',
  'emergency-management': '应急管理',
  health: '卫生健康',
  education: '教育',
  'civil-affairs': '民政',
  'market-regulation': '市场监管',
  housing: '住房和城乡建设',
  'urban-management': '城市管理和综合执法',
  'human-resources-social-security': '人力资源和社会保障',
  'grid-command': '网格化指挥中心',
} as const;

export type DepartmentId = keyof typeof DEPARTMENTS;

export const DEPARTMENT_IDS = Object.keys(DEPARTMENTS) as [DepartmentId, ...DepartmentId[]];

export function isDepartmentId(value: string): value is DepartmentId {
  return Object.prototype.hasOwnProperty.call(DEPARTMENTS, value);
}

/** The department that runs the grid command centre: it registers, dispatches and overrides. */
export const GRID_COMMAND: DepartmentId = 'grid-command';
