import type { MessageKey } from './i18n';

/**
 * The console serves two desks: the audit office reviews the trail, and the grid command centre
 * (指挥中心) watches its open events. A token's department picks the desk; the gateway's policies
 * still decide every answer, so this only chooses which pages to offer.
 */
export type Workspace = 'audit' | 'command';

const DESKS: Record<string, Workspace> = { 'audit-office': 'audit', 'grid-command': 'command' };

export function workspaceOf(department: string): Workspace | undefined {
  return DESKS[department];
}

export const PAGES: Record<Workspace, { path: string; label: MessageKey }[]> = {
  audit: [
    { path: '/people', label: 'nav.people' },
    { path: '/departments', label: 'nav.departments' },
    { path: '/records', label: 'nav.records' },
    { path: '/anomalies', label: 'nav.anomalies' },
    { path: '/matrix', label: 'nav.matrix' },
  ],
  command: [{ path: '/command-centre', label: 'nav.commandCentre' }],
};

export const TITLES: Record<Workspace, MessageKey> = { audit: 'app.title', command: 'app.titleCommand' };

export const SUBTITLES: Record<Workspace, MessageKey> = { audit: 'app.subtitle', command: 'app.subtitleCommand' };
