/**
 * Splits a normalized address (see normalize.ts) into the place words before the door number and
 * the numbered parts: village group, door number, building, unit, floor, room. Names (town,
 * community, road) are not decided here: which words are names depends on the city's own names,
 * which the index knows (gazetteer.ts).
 */

export interface ParsedAddress {
  /** The normalized text. */
  text: string;
  /** What comes before the door number, without the village group: province … road. */
  place: string;
  villageGroup: string | null;
  doorNumber: string | null;
  /** A building's name before its number or instead of one (金沙花园3栋, 宿舍楼). */
  buildingName: string | null;
  building: string | null;
  unit: string | null;
  floor: string | null;
  room: string | null;
  /** What followed the door number and fits none of the parts. */
  unparsed: string | null;
}

const GROUP = /第?(\d+)(村民小组|小组|组|队)/;
/** A number so marked is a building, unit, floor or room, not a door number. */
const NOT_A_DOOR = /^(栋|座|幢|号楼|#楼|楼|层|单元|室|房)/;

export function parseAddress(text: string): ParsedAddress {
  let rest = text;
  let villageGroup: string | null = null;
  const group = GROUP.exec(rest);
  const firstDoor = /\d+(号|#)(?!楼)/.exec(rest);
  if (group && (!firstDoor || group.index < firstDoor.index)) {
    villageGroup = String(Number(group[1]));
    rest = rest.slice(0, group.index) + rest.slice(group.index + group[0].length);
  }

  const firstNumber = /\d+/.exec(rest);
  const result: ParsedAddress = {
    text,
    place: firstNumber ? rest.slice(0, firstNumber.index) : rest,
    villageGroup,
    doorNumber: null,
    buildingName: null,
    building: null,
    unit: null,
    floor: null,
    room: null,
    unparsed: null,
  };
  if (!firstNumber) return result;
  const after = rest.slice(firstNumber.index + firstNumber[0].length);
  // A first number marked as a building, unit or room means the door number was left out.
  if (NOT_A_DOOR.test(after)) {
    parseTail(rest.slice(firstNumber.index), result);
    return result;
  }
  result.doorNumber = String(Number(firstNumber[0]));
  parseTail(after.replace(/^(号|#)/, ''), result);
  return result;
}

/** Building, unit, floor and room after the door number, in the orders people write them. */
function parseTail(tail: string, into: ParsedAddress): void {
  let rest = tail;
  const take = (pattern: RegExp): RegExpExecArray | null => {
    const match = pattern.exec(rest);
    if (match) rest = rest.slice(0, match.index) + rest.slice(match.index + match[0].length);
    return match;
  };
  const dashed = take(/^-?(\d+)-(\d+)(?:-(\d+))?$/);
  if (dashed) {
    into.building = String(Number(dashed[1]));
    if (dashed[3]) into.unit = String(Number(dashed[2]));
    into.room = dashed[3] ?? dashed[2]!;
    return;
  }
  const building = take(/^(\D*?)([A-Z]|\d+)(栋|座|幢|号楼|#楼|#|号(?!房))/);
  if (building) {
    into.buildingName = building[1] || null;
    into.building = /^\d+$/.test(building[2]!) ? String(Number(building[2])) : building[2]!;
  } else {
    const named = take(/^(\D+?)(?=\d|$)/);
    if (named) into.buildingName = named[1]!.replace(/^-/, '') || null;
  }
  const unit = take(/(\d+)单元/);
  if (unit) into.unit = String(Number(unit[1]));
  const room = take(/-?(\d+)(室|房|号房)?$/);
  const floor = take(/(\d+)(层|楼)/);
  if (floor) into.floor = String(Number(floor[1]));
  if (room) into.room = room[1]!;
  rest = rest.replace(/^-+|-+$/g, '');
  into.unparsed = rest || null;
}
