import { coversGrid, jurisdictionPrefixes } from './jurisdiction';

describe('what a jurisdiction reaches', () => {
  const grid = '449900101201001';
  it('the whole city for a city-level caller without codes, its grids for anyone with codes', () => {
    expect(jurisdictionPrefixes({ jurisdiction: [] })).toBe('all');
    expect(jurisdictionPrefixes({ level: 'town', jurisdiction: ['449900101000'] })).toEqual(['449900101']);
    expect(coversGrid({ level: 'community', jurisdiction: ['449900101201'] }, grid)).toBe(true);
    expect(coversGrid({ level: 'community', jurisdiction: ['449900101202'] }, grid)).toBe(false);
    expect(coversGrid({ level: 'city', jurisdiction: ['449900'] }, grid)).toBe(true);
  });

  it('nothing, not everything, for a town or community caller whose codes are missing or not grid codes', () => {
    expect(jurisdictionPrefixes({ level: 'town', jurisdiction: [] })).toEqual([]);
    expect(coversGrid({ level: 'town', jurisdiction: [] }, grid)).toBe(false);
    // A bare prefix is no grid code: it reaches nothing (it once reached every code it began).
    expect(coversGrid({ level: 'community', jurisdiction: ['4499'] }, grid)).toBe(false);
  });
});
