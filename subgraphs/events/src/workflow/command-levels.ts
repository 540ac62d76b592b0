import type { CommandLevel } from '../../prisma/generated/enums';
import type { Actor } from './actors';

export type { CommandLevel };

/**
 * Command levels (三级指挥): the city's command centre, a town's (镇街) and a community's station
 * (村社区工作站). An event's command steps are held at one level; what a level cannot resolve it hands
 * up, what a lower level should handle it hands down. A grid-command official's level is the level
 * of their token (city, town, community), so "the holding level" is a claim the gateway verified.
 */
export const COMMAND_LEVELS: readonly CommandLevel[] = ['CITY', 'TOWN', 'COMMUNITY'];

const OF_TOKEN: Record<NonNullable<Actor['level']>, CommandLevel> = { city: 'CITY', town: 'TOWN', community: 'COMMUNITY' };

export function commandLevelOf(actor: Actor): CommandLevel {
  return OF_TOKEN[actor.level ?? 'city'];
}

/** The level above, or null at the city. */
export function levelAbove(level: CommandLevel): CommandLevel | null {
  return COMMAND_LEVELS[COMMAND_LEVELS.indexOf(level) - 1] ?? null;
}

/** The level below, or null at a community station. */
export function levelBelow(level: CommandLevel): CommandLevel | null {
  return COMMAND_LEVELS[COMMAND_LEVELS.indexOf(level) + 1] ?? null;
}

/** True when `level` is `than` or above it (the city is above every town). */
export function atOrAbove(level: CommandLevel, than: CommandLevel): boolean {
  return COMMAND_LEVELS.indexOf(level) <= COMMAND_LEVELS.indexOf(than);
}

export const LEVEL_NAMES: Record<CommandLevel, string> = {
  CITY: 'the city command centre',
  TOWN: "the town's command centre",
  COMMUNITY: "the community's station",
};
