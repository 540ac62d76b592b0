import type { Caller } from '../../../../platform/caller';
import { GRID_COMMAND } from '../catalogue/departments';
import { forbidden } from '../errors';
import type { EventChannel } from '../../prisma/generated/enums';

/** The roles a caller token carries for the events workflow. */
export const Role = {
  /** A grid worker (网格员) of the grid command centre: reports in their grid, checks handling on site. */
  GRID_WORKER: 'grid-worker',
  DISPATCHER: 'dispatcher',
  HANDLER: 'handler',
  LEADER: 'leader',
  /** A channel's system (12345 hotline, WeChat 随手拍, 110 transfer) reporting on citizens' behalf. */
  REPORTER_SERVICE: 'reporter-service',
} as const;

/** Which department's service identity speaks for which channel. */
export const SERVICE_CHANNELS: Readonly<Record<string, EventChannel>> = {
  'hotline-12345': 'HOTLINE_12345',
  wechat: 'WECHAT',
  'public-security': 'NON_EMERGENCY_110',
};

/** Who acts: a verified caller. `level` is the caller's (city when absent, as in department tokens). */
export type Actor = Pick<Caller, 'user' | 'department' | 'jurisdiction' | 'role'> & { level?: Caller['level'] };

export function describeActor(actor: Actor): string {
  const level = actor.level && actor.level !== 'city' ? ` (${actor.level} level)` : '';
  return `${actor.role ?? 'no role'} of ${actor.department}${level}`;
}

/**
 * The channel a report from this actor comes through, or null when it may not report. Grid workers
 * are the command centre's: another department's token with that role is no grid worker.
 */
export function channelOf(actor: Actor): EventChannel | null {
  if (actor.role === Role.GRID_WORKER && actor.department === GRID_COMMAND) return 'GRID_WORKER';
  if (actor.role === Role.REPORTER_SERVICE && SERVICE_CHANNELS[actor.department]) return SERVICE_CHANNELS[actor.department]!;
  // The command centre watches the video patrol feeds and reports what it sees itself.
  if (actor.role === Role.DISPATCHER && actor.department === GRID_COMMAND) return 'VIDEO_PATROL';
  return null;
}

/** The channel a report comes through, from who sends it; anyone else may not report. */
export function reportingChannel(actor: Actor): EventChannel {
  const channel = channelOf(actor);
  if (channel) return channel;
  throw forbidden(
    `reportEvent needs a grid worker (of grid-command), a channel service (${Object.keys(SERVICE_CHANNELS).join(', ')}) or a grid-command dispatcher; you are ${describeActor(actor)}`,
    { reason: 'WRONG_ROLE' },
  );
}
