import { GraphQLError } from 'graphql';
import { eventsDomain } from '../domain';
import type { EventRow } from '../prisma';
import type { EventChannel } from '../../prisma/generated/enums';
import { Actor, Role } from './actors';
import { Command, decide } from './decide';
import { checkReport, newEventRow } from './report';

/** Events and actors for the workflow's unit tests (not used by the running subgraph). */

export const cst = (dateTime: string) => new Date(`${dateTime}+08:00`);
export const domain = eventsDomain();
export const GRID = '449900101201001';
export const OTHER_GRID = '449900101201002';

export const worker: Actor = { user: 'gw-1', department: 'grid-command', role: Role.GRID_WORKER, jurisdiction: [GRID] };
export const dispatcher: Actor = { user: 'cmd-1', department: 'grid-command', role: Role.DISPATCHER, jurisdiction: [] };
export const handler = (department: string): Actor => ({ user: `${department}-h`, department, role: Role.HANDLER, jurisdiction: [] });
export const leader = (department: string): Actor => ({ user: `${department}-l`, department, role: Role.LEADER, jurisdiction: [] });
export const service = (department: string, user = `${department}-svc`): Actor => ({ user, department, role: Role.REPORTER_SERVICE, jurisdiction: [] });
/** A token with the grid-worker role in `department`, covering GRID unless told otherwise. */
export const gridWorkerOf = (department: string, user = `${department}-gw`, jurisdiction = [GRID]): Actor => ({
  user,
  department,
  role: Role.GRID_WORKER,
  jurisdiction,
});

/** Applies a decision the way the store does: patch, one more version. */
export function step(event: EventRow, command: Command, actor: Actor, at: string): EventRow {
  const decision = decide(event, command, actor, cst(at), domain);
  return { ...event, ...decision.patch, version: event.version + 1 };
}

export function reported(categoryCode = 'fire.illegal-wiring', reporter: Actor = worker, channel: EventChannel = 'GRID_WORKER'): EventRow {
  const draft = checkReport({ idempotencyKey: 'key-00000001', categoryCode, description: '楼道私拉电线', gridCode: GRID }, domain);
  return newEventRow('E20261102000001', draft, reporter, channel, cst('2026-11-02T09:00'), domain);
}

/** Reported, registered, dispatched to the catalogue's department, accepted and handled by its handler. */
export function handled(categoryCode = 'fire.illegal-wiring', reporter: Actor = worker, channel: EventChannel = 'GRID_WORKER'): EventRow {
  let event = step(reported(categoryCode, reporter, channel), { action: 'REGISTER' }, dispatcher, '2026-11-02T10:00');
  event = step(event, { action: 'DISPATCH' }, dispatcher, '2026-11-02T11:00');
  event = step(event, { action: 'ACCEPT' }, handler(event.department!), '2026-11-02T12:00');
  return step(event, { action: 'SUBMIT_HANDLING', result: '已处置' }, handler(event.department!), '2026-11-03T09:00');
}

export function closed(categoryCode?: string, reporter?: Actor, channel?: EventChannel): EventRow {
  return step(handled(categoryCode, reporter, channel), { action: 'VERIFY', passed: true }, worker, '2026-11-03T10:00');
}

export function errorOf(run: () => unknown): { code: unknown; reason: unknown; message: string } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { code: error.extensions.code, reason: error.extensions.reason, message: error.message };
  }
  throw new Error('expected an error');
}
