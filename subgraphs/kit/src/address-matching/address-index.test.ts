import { AddressIndex } from './address-index';
import { DECISION } from './score';
import type { AddressRecord } from './types';

let next = 0;
/** A standard address of the fictional city; codes extend a made-up grid per community. */
function address(town: string, community: string, road: string, door: number, at = { longitude: 113.75, latitude: 22.98 }): AddressRecord {
  const grid = `449900${town === '榕溪镇' ? '101' : '102'}${community.startsWith('大江') ? '201' : '202'}001`;
  const code = `${grid}${String(++next).padStart(4, '0')}`;
  return {
    code,
    province: '广东省',
    city: '示范市',
    district: '示范市',
    town,
    community,
    road,
    doorNumber: `${door}号`,
    fullText: `广东省示范市${town}${community}${road}${door}号`,
    ...at,
    gridCode: grid,
  };
}

describe('AddressIndex', () => {
  const renmin12 = address('榕溪镇', '大江村', '人民路', 12);
  const renminAvenue12 = address('石塘镇', '大江村', '人民大道', 12, { longitude: 113.8, latitude: 23.0 });
  const xinhua12 = address('榕溪镇', '大江村', '新华路', 12);
  const fumin12 = address('榕溪镇', '上岭村', '富民路', 12);
  const index = () => AddressIndex.build([renmin12, renminAvenue12, xinhua12, fumin12]);

  it('matches one well-written address with score 1', () => {
    expect(index().match(renmin12.fullText)).toEqual(expect.objectContaining({ status: 'MATCHED', score: 1, address: renmin12 }));
  });

  it('takes a swapped suffix as the same road, but prefers a road of exactly the written name', () => {
    const i = index();
    expect(i.match('石塘镇人民路12号').address).toBe(renminAvenue12);
    const written = i.search('人民路12号');
    expect(written.candidates.slice(0, 2).map((c) => c.row)).toEqual([renmin12, renminAvenue12]);
    expect(written.candidates[0]!.score - written.candidates[1]!.score).toBeGreaterThanOrEqual(DECISION.margin);
  });

  it('does not match when the text names another town than the only fitting address', () => {
    const outcome = index().match('石塘镇新华路12号');
    expect(outcome.status).not.toBe('MATCHED');
    expect(outcome.candidates[0]?.disagreed).toContain('TOWN');
  });

  it('leaves a misspelt road that fits two roads equally to a person', () => {
    // 仁 for 人 and for 富 alike: one character off either way.
    const outcome = index().match('仁民路12号');
    expect(outcome.status).toBe('AMBIGUOUS');
    expect(
      outcome.candidates
        .slice(0, 2)
        .map((c) => c.row.code)
        .sort(),
    ).toEqual([renmin12.code, fumin12.code].sort());
    expect(outcome.candidates[0]!.score).toBe(outcome.candidates[1]!.score);
  });

  it('lets the community decide between two equally misspelt roads', () => {
    expect(index().match('上岭村仁民路12号')).toEqual(expect.objectContaining({ status: 'MATCHED', address: fumin12 }));
  });

  it('refuses addresses of another province', () => {
    expect(index().match('湖南省长沙市芙蓉区人民路12号').status).toBe('UNMATCHED');
  });

  it('ranks nearer candidates first when near is given, and reports the distance', () => {
    const near = { longitude: 113.8, latitude: 23.0 };
    const { candidates } = index().search('人民12号', { near });
    expect(candidates[0]!.row).toBe(renminAvenue12);
    expect(candidates[0]!.distanceMeters).toBe(0);
    expect(candidates[1]!.distanceMeters).toBeGreaterThan(5000);
  });

  it('scores only addresses under the given grid prefixes', () => {
    const outcome = index().match('人民路12号', { prefixes: [renminAvenue12.gridCode.slice(0, 12)] });
    expect(outcome).toEqual(expect.objectContaining({ status: 'MATCHED', address: renminAvenue12 }));
    expect(index().match('人民路12号', { prefixes: [] }).status).toBe('UNMATCHED');
  });

  it('follows upserts and removals as a rebuild would', () => {
    const i = index();
    const moved = { ...xinhua12, road: '建设路', fullText: '广东省示范市榕溪镇大江村建设路12号' };
    i.upsert(moved);
    i.remove(renmin12.code);
    const rebuilt = AddressIndex.build([renminAvenue12, moved, fumin12]);
    for (const text of ['新华路12号', '建设路12号', '人民路12号', '大江村12号', '榕溪镇大江村建设路']) {
      expect(i.search(text)).toEqual(rebuilt.search(text));
    }
    expect(i.match('建设路12号').address).toEqual(moved);
    expect(i.size).toBe(3);
  });
});
