import type { EventChannel } from '../../prisma/generated/enums';
import type { Actor } from '../workflow/actors';
import { Role } from '../workflow/actors';

/** The people and systems that act in seeded histories; users are invented service accounts. */

export function gridWorker(gridCode: string): Actor {
  return { user: `gw-${gridCode}`, department: 'grid-command', role: Role.GRID_WORKER, jurisdiction: [gridCode] };
}

/** The service identity behind each channel other than a grid worker's own app. */
export const REPORTERS: Record<Exclude<EventChannel, 'GRID_WORKER'>, Actor> = {
  HOTLINE_12345: { user: 'hotline-12345-gateway', department: 'hotline-12345', role: Role.REPORTER_SERVICE, jurisdiction: [] },
  WECHAT: { user: 'wechat-suishoupai', department: 'wechat', role: Role.REPORTER_SERVICE, jurisdiction: [] },
  NON_EMERGENCY_110: { user: 'police-110-transfer', department: 'public-security', role: Role.REPORTER_SERVICE, jurisdiction: [] },
  VIDEO_PATROL: { user: 'cmd-video-patrol', department: 'grid-command', role: Role.DISPATCHER, jurisdiction: [] },
};

export const DISPATCHER: Actor = { user: 'cmd-dispatcher-01', department: 'grid-command', role: Role.DISPATCHER, jurisdiction: [] };

export function handler(department: string): Actor {
  return { user: `${department}-handler-01`, department, role: Role.HANDLER, jurisdiction: [] };
}

export function leader(department: string): Actor {
  return { user: `${department}-leader-01`, department, role: Role.LEADER, jurisdiction: [] };
}
