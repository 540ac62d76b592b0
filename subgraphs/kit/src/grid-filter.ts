import { badUserInput } from '../../../platform/errors';
import { gridCodePrefix } from '../../../platform/identifiers/grid-code';

/** The prefix that selects every row under a grid of any level; a malformed code is the caller's error. */
export function gridFilterPrefix(code: string, argument = 'gridCode'): string {
  const parsed = gridCodePrefix(code);
  if (!parsed.ok) throw badUserInput(`${argument} ${JSON.stringify(code)} is not a grid code: ${parsed.reason}`, { argument });
  return parsed.prefix;
}
