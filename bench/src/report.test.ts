import { assembleResults, evaluateTarget, formatCell, ratio, renderMarkdown, renderTable, SCENARIOS, ScenarioResult, skippedScenario, TARGETS } from './report';

const scenario = (measured: Record<string, number | null>): ScenarioResult => ({
  status: 'ok',
  seconds: 12,
  setup: { placement: 'core 1' },
  tables: [
    {
      title: 'Figures',
      columns: ['target', 'req/s'],
      rows: [
        ['a | b', 1234.5],
        ['c', null],
      ],
    },
  ],
  figures: {},
  measured,
  notes: ['a note'],
});

describe('bench report', () => {
  it('evaluates targets in both directions and leaves unmeasured ones open', () => {
    const atLeast = TARGETS.find((t) => t.id === 'gateway-overhead.gridshare-vs-apollo')!;
    const atMost = TARGETS.find((t) => t.id === 'audit.cost')!;
    expect(evaluateTarget(atLeast, 1.5).met).toBe(true);
    expect(evaluateTarget(atLeast, 1.49).met).toBe(false);
    expect(evaluateTarget(atMost, 0.1).met).toBe(true);
    expect(evaluateTarget(atMost, 0.11).met).toBe(false);
    expect(evaluateTarget(atLeast, null)).toEqual(expect.objectContaining({ actual: null, met: null }));
    expect(evaluateTarget(atLeast, Number.NaN).met).toBeNull();
  });

  it('assembles every scenario and every target, saying why one was not measured', () => {
    const results = assembleResults({
      date: new Date('2026-11-22T10:00:00Z'),
      quick: true,
      machine: { cpus: 2 },
      versions: {},
      scenarios: {
        'gateway-overhead': scenario({ 'gateway-overhead.gridshare-vs-apollo': 2, 'gateway-overhead.gridshare-vs-hive': 0.9 }),
        seeding: skippedScenario('no PostgreSQL'),
      },
    });
    expect(Object.keys(results.scenarios)).toEqual([...SCENARIOS]);
    expect(results.targets.map((t) => t.id)).toEqual(TARGETS.map((t) => t.id));
    expect(results.targets.find((t) => t.id === 'gateway-overhead.gridshare-vs-hive')).toEqual(expect.objectContaining({ actual: 0.9, met: false }));
    expect(results.targets.find((t) => t.id === 'seeding.rows-per-second')).toEqual(
      expect.objectContaining({ met: null, note: 'seeding skipped: no PostgreSQL' }),
    );
    expect(results.scenarios['base-data']).toEqual(expect.objectContaining({ status: 'skipped', reason: 'not selected in this run' }));
  });

  it('renders markdown tables with formatted numbers and escaped cells', () => {
    expect(
      renderTable({
        columns: ['a', 'b'],
        rows: [
          ['x|y', 1234567],
          ['z', 0.256],
        ],
      }),
    ).toBe(['| a | b |', '| --- | ---: |', '| x\\|y | 1,234,567 |', '| z | 0.26 |'].join('\n'));
    expect(formatCell(null)).toBe('—');
    expect(formatCell(12.345)).toBe('12.3');
    expect(formatCell(1234.5)).toBe('1,235');
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(3, 2)).toBe(1.5);
  });

  it('renders the whole report: targets with verdicts, then each scenario', () => {
    const results = assembleResults({
      date: new Date('2026-11-22T10:00:00Z'),
      quick: false,
      machine: { cpuModel: 'Test CPU', cpus: 2, memoryGiB: 24, node: '20.20.2', placement: 'pinned' },
      versions: {},
      scenarios: { audit: scenario({ 'audit.cost': 0.05, 'audit.verify-rate': 150_000 }) },
    });
    const markdown = renderMarkdown(results);
    expect(markdown).toContain('2026-11-22 · Test CPU · 2 cores · 24 GiB · Node 20.20.2 · pinned');
    expect(markdown).toContain('| audit.cost: throughput lost with the durable audit ON vs OFF (1 − on/off) | <= 10.0 % | 5.0 % | met |');
    expect(markdown).toContain('| audit.verify-rate: `gridshare audit verify` records/s | >= 200,000 records/s | 150,000 records/s | NOT met |');
    expect(markdown).toContain('## seeding\n\nskipped: not selected in this run');
    expect(markdown).toContain('**Figures**');
    expect(markdown).toContain('- a note');
    expect(markdown.endsWith('\n')).toBe(true);
    expect(markdown).not.toMatch(/\n{3,}/);
  });
});
