import { reportingChannel, Role } from './actors';
import { coversGrid } from '../../../../platform/jurisdiction';

describe('who reports through which channel', () => {
  it.each([
    [{ department: 'grid-command', role: Role.GRID_WORKER }, 'GRID_WORKER'],
    [{ department: 'hotline-12345', role: Role.REPORTER_SERVICE }, 'HOTLINE_12345'],
    [{ department: 'wechat', role: Role.REPORTER_SERVICE }, 'WECHAT'],
    [{ department: 'public-security', role: Role.REPORTER_SERVICE }, 'NON_EMERGENCY_110'],
    [{ department: 'grid-command', role: Role.DISPATCHER }, 'VIDEO_PATROL'],
  ])('%o reports as %s', (who, channel) => {
    expect(reportingChannel({ user: 'u', jurisdiction: [], ...who })).toBe(channel);
  });

  it.each([
    { department: 'education', role: Role.REPORTER_SERVICE },
    { department: 'grid-command', role: Role.REPORTER_SERVICE },
    { department: 'housing', role: Role.DISPATCHER },
    // Grid workers are the command centre's; another department's token with the role is none.
    { department: 'housing', role: Role.GRID_WORKER },
    { department: 'hotline-12345' },
  ])('refuses %o', (who) => {
    expect(() => reportingChannel({ user: 'u', jurisdiction: [], ...who })).toThrow(/reportEvent needs a grid worker/);
  });
});

describe('jurisdiction', () => {
  const actor = (jurisdiction: string[]) => ({ user: 'u', department: 'grid-command', jurisdiction });
  it('is city-wide when empty and a prefix match for grid codes of any level', () => {
    expect(coversGrid(actor([]), '449900101201001')).toBe(true);
    expect(coversGrid(actor(['449900101000']), '449900101201001')).toBe(true);
    expect(coversGrid(actor(['449900101201']), '449900101201001')).toBe(true);
    expect(coversGrid(actor(['449900101201002']), '449900101201001')).toBe(false);
    expect(coversGrid(actor(['449900102000']), '449900101201001')).toBe(false);
  });
});
