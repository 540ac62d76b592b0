import type { MessageKey } from './i18n';

/**
 * The console serves three desks: the audit office reviews the trail, the grid command centre
 * (指挥中心) watches its open events, and every department's developers try the API in the explorer.
 * A token's department picks the desk; the gateway's policies still decide every answer, so this
 * only chooses which pages to offer.
 */
export type Workspace = 'audit' | 'command' | 'developer';

const DESKS: Record<string, Workspace> = { 'audit-office': 'audit', 'grid-command': 'command' };

export function workspaceOf(department: string): Workspace {
  return DESKS[department] ?? 'developer';
}

const EXPLORER = { path: '/explorer', label: 'nav.explorer' as MessageKey };

export const PAGES: Record<Workspace, { path: string; label: MessageKey }[]> = {
  audit: [
    { path: '/people', label: 'nav.people' },
    { path: '/departments', label: 'nav.departments' },
    { path: '/records', label: 'nav.records' },
    { path: '/anomalies', label: 'nav.anomalies' },
    { path: '/matrix', label: 'nav.matrix' },
    EXPLORER,
  ],
  command: [{ path: '/command-centre', label: 'nav.commandCentre' }, EXPLORER],
  developer: [EXPLORER],
};

export const TITLES: Record<Workspace, MessageKey> = { audit: 'app.title', command: 'app.titleCommand', developer: 'app.titleDeveloper' };
export const SUBTITLES: Record<Workspace, MessageKey> = { audit: 'app.subtitle', command: 'app.subtitleCommand', developer: 'app.subtitleDeveloper' };
