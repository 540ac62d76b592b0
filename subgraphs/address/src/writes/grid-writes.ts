import { badUserInput } from '../../../../platform/errors';
import { validateGridCode } from '../../../../platform/identifiers/grid-code';
import { checkText } from '../../../kit/src/records/checks';
import type { RecordDescriptor } from '../../../kit/src/records/descriptor';
import type { PreparedChange, WriteOperation } from '../../../kit/src/records/operations';

/**
 * A base grid (基础网格) added under a community: its code is the community's 12 digits and the next
 * free 3-digit number there (grid-code.ts), taken under a lock per community so concurrent adds get
 * distinct codes. A grid is its own row scope: the writer's jurisdiction must cover the community.
 */

export const GRID: RecordDescriptor = {
  entityType: 'Grid',
  table: 'grid',
  keyColumn: 'code',
  gridColumn: 'code',
  fields: {
    name: { column: 'name', sqlType: 'text' },
    level: { column: 'level', sqlType: '"GridLevel"' },
    parent: { column: 'parent_code', sqlType: 'text' },
  },
};

export const addGrid: WriteOperation<{ communityCode: string; name: string }> = {
  name: 'addGrid',
  descriptor: GRID,
  writes: ['name', 'level', 'parent'],
  prepare(change): PreparedChange {
    const community = typeof change.communityCode === 'string' ? validateGridCode(change.communityCode) : undefined;
    if (!community?.ok || community.level !== 'COMMUNITY') {
      throw badUserInput('change.communityCode must be the 12-digit code of a community (村社区)', { field: 'change.communityCode' });
    }
    const communityCode = change.communityCode;
    const name = checkText(change.name, 'change.name', 50);
    return {
      entityKey: null,
      gridCode: communityCode,
      kind: 'CREATED',
      effectiveOn: null,
      values: { name, level: 'GRID', parent: communityCode },
      beforeCreate: async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`gridshare.grid:${communityCode}`]);
        const { rows } = await tx.query(`SELECT 1 FROM "grid" WHERE "code" = $1 AND "level" = 'COMMUNITY'`, [communityCode]);
        if (!rows[0]) throw badUserInput(`change.communityCode: there is no community ${communityCode}`, { field: 'change.communityCode' });
        const { rows: same } = await tx.query<{ code: string }>(`SELECT "code" FROM "grid" WHERE "parent_code" = $1 AND "name" = $2`, [communityCode, name]);
        if (same[0]) throw badUserInput(`change.name: the community already has grid ${same[0].code} named ${name}`, { field: 'change.name' });
      },
      newKey: async (tx) => {
        const { rows } = await tx.query<{ n: number }>(
          `SELECT COALESCE(MAX(substring("code" from 13 for 3)::int), 0) + 1 AS n FROM "grid" WHERE "parent_code" = $1`,
          [communityCode],
        );
        const n = Number(rows[0]!.n);
        if (n > 999) throw badUserInput(`change.communityCode: community ${communityCode} has used all 999 grid numbers`, { field: 'change.communityCode' });
        return `${communityCode}${String(n).padStart(3, '0')}`;
      },
    };
  },
};
