import { parseSeedOutput, seedScales } from './scenarios/seeding';
import { parseVerifyOutput } from './scenarios/audit';
import { statementsPerHop } from './scenarios/base-data-operations';
import { packageOf, summarizeProfile } from './profile';
import { parseOptions } from './context';
import { SCENARIOS } from './report';
import { firstDifference } from './verify';

describe('bench parsers and figures', () => {
  it("reads gridshare seed's and audit verify's summary lines", () => {
    expect(parseSeedOutput('  town 1: 5 rows\nseeded 46765 rows in 2.6 s (18014 rows/s): address 896, population 20000\n')).toEqual({
      rows: 46765,
      seedSeconds: 2.6,
      rowsPerSecond: 18014,
      bySubgraph: 'address 896, population 20000',
    });
    expect(parseSeedOutput('nothing')).toBeUndefined();
    expect(parseVerifyOutput('audit trail verified: 100000 records, 50 signed checkpoints, head 100000 8f8f… (9.42 s, 10619 records/s)')).toEqual({
      records: 100000,
      checkpoints: 50,
      seconds: 9.42,
      recordsPerSecond: 10619,
    });
    expect(seedScales(true)).toEqual(['small']);
    expect(seedScales(false)).toEqual(['large', 'medium']);
  });

  it('rates statements against hops by the worst subgraph, and an unexpected subgraph as unbounded', () => {
    expect(statementsPerHop({ population: 1, housing: 2 }, { population: 1, housing: 2, address: 3 })).toBe(1);
    expect(statementsPerHop({ events: 2, address: 1 }, { events: 1, address: 1 })).toBe(2);
    expect(statementsPerHop({ audit: 1 }, { population: 1 })).toBe(Number.POSITIVE_INFINITY);
    expect(statementsPerHop({}, { population: 1 })).toBe(0);
  });

  it('summarizes a CPU profile by frame and package, idle apart', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        { id: 3, callFrame: { functionName: 'applySelectionSet', url: 'file:///w/node_modules/@apollo/gateway/dist/resultShaping.js', lineNumber: 68 } },
        { id: 4, callFrame: { functionName: 'sign', url: 'file:///w/dist/gateway/src/auth.js', lineNumber: 9 } },
      ],
      samples: [2, 2, 3, 3, 3, 4],
      timeDeltas: [10, 10, 10, 10, 10, 10],
      startTime: 0,
      endTime: 60,
    };
    const summary = summarizeProfile(profile, 'p.cpuprofile');
    expect(summary.idlePercent).toBeCloseTo(33.3, 1);
    expect(summary.topFrames[0]).toEqual({ frame: 'applySelectionSet @apollo/gateway/dist/resultShaping.js:69', selfPercent: 75 });
    expect(summary.byPackage).toEqual([
      { package: '@apollo/gateway', selfPercent: 75 },
      { package: 'gridshare gateway/src', selfPercent: 25 },
    ]);
    expect(packageOf('node:internal/errors')).toBe('node (core)');
    expect(packageOf('file:///a/node_modules/x/node_modules/@s/y/i.js')).toBe('@s/y');
  });

  it('parses options: quick defaults, --only, and refuses unknown scenarios', () => {
    expect(parseOptions(['--quick'], SCENARIOS)).toEqual(
      expect.objectContaining({ quick: true, seconds: 3, rounds: 1, connections: 64, only: [...SCENARIOS] }),
    );
    expect(parseOptions(['--only', 'audit,seeding', '--seconds=20'], SCENARIOS)).toEqual(
      expect.objectContaining({ only: ['audit', 'seeding'], seconds: 20, rounds: 3 }),
    );
    expect(() => parseOptions(['--only', 'nope'], SCENARIOS)).toThrow(/unknown scenario nope/);
    expect(() => parseOptions(['--rounds', '0'], SCENARIOS)).toThrow(/positive/);
  });

  it('names the first difference between two answers', () => {
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe('$.a[1].b (2 ≠ 3)');
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeUndefined();
  });
});
