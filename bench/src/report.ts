/**
 * The shape of bench/results/latest.json and its markdown rendering. Pure functions over plain
 * data, so they are unit-tested without running any load.
 */

export const SCENARIOS = ['gateway-overhead', 'base-data', 'seeding', 'audit', 'writes', 'address-matching', 'import'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface TargetDefinition {
  id: string;
  scenario: ScenarioName;
  description: string;
  comparator: '>=' | '<=';
  threshold: number;
  unit: string;
}

/** Every target the issue sets, in one place: the bench evaluates them and a test checks the committed JSON has each. */
export const TARGETS: TargetDefinition[] = [
  {
    id: 'gateway-overhead.gridshare-vs-apollo',
    scenario: 'gateway-overhead',
    description: 'gridshare gateway (auth, contract, durable audit) req/s ÷ plain @apollo/gateway req/s',
    comparator: '>=',
    threshold: 1.5,
    unit: '×',
  },
  {
    id: 'gateway-overhead.gridshare-vs-hive',
    scenario: 'gateway-overhead',
    description: 'gridshare gateway req/s ÷ @graphql-hive/gateway req/s (its CLI, NODE_ENV=production)',
    comparator: '>=',
    threshold: 1.2,
    unit: '×',
  },
  {
    id: 'base-data.statements-per-hop',
    scenario: 'base-data',
    description: 'worst operation: SQL statements ÷ (subgraph, entity type) hops',
    comparator: '<=',
    threshold: 1,
    unit: '×',
  },
  {
    id: 'base-data.gateway-vs-direct',
    scenario: 'base-data',
    description: 'worst single-subgraph lookup: gateway req/s ÷ direct subgraph req/s',
    comparator: '>=',
    threshold: 0.8,
    unit: '×',
  },
  {
    id: 'seeding.rows-per-second',
    scenario: 'seeding',
    description: 'slowest scale: rows/s of `gridshare seed` into PostgreSQL',
    comparator: '>=',
    threshold: 30_000,
    unit: 'rows/s',
  },
  {
    id: 'audit.cost',
    scenario: 'audit',
    description: 'throughput lost with the durable audit ON vs OFF (1 − on/off)',
    comparator: '<=',
    threshold: 0.1,
    unit: 'fraction',
  },
  { id: 'audit.verify-rate', scenario: 'audit', description: '`gridshare audit verify` records/s', comparator: '>=', threshold: 200_000, unit: 'records/s' },
  {
    id: 'address-matching.top1',
    scenario: 'address-matching',
    description: 'messy register of the medium city: the right standard address ranked first, share of matchable rows',
    comparator: '>=',
    threshold: 0.97,
    unit: 'fraction',
  },
  {
    id: 'address-matching.wrong-automatic',
    scenario: 'address-matching',
    description: 'messy register of the medium city: rows MATCHED to a wrong address (or to any, when not in the city), share of all rows',
    comparator: '<=',
    threshold: 0.005,
    unit: 'fraction',
  },
  {
    id: 'import.rows-per-second',
    scenario: 'import',
    description: 'persons register of the medium city imported through the gateway into PostgreSQL (validation, address matching, decisions, writes): rows/s',
    comparator: '>=',
    threshold: 10_000,
    unit: 'rows/s',
  },
];

export interface TargetResult extends TargetDefinition {
  actual: number | null;
  /** null: not measured in this run (the scenario was skipped or failed). */
  met: boolean | null;
  note?: string;
}

export function evaluateTarget(definition: TargetDefinition, actual: number | null | undefined, note?: string): TargetResult {
  const value = actual === undefined || actual === null || !Number.isFinite(actual) ? null : actual;
  const met = value === null ? null : definition.comparator === '>=' ? value >= definition.threshold : value <= definition.threshold;
  return { ...definition, actual: value, met, ...(note ? { note } : {}) };
}

/** A table of one scenario: column names and rows of cells (numbers are formatted when rendered). */
export interface Table {
  title?: string;
  columns: string[];
  rows: (string | number | null)[][];
}

export interface ScenarioResult {
  status: 'ok' | 'skipped' | 'failed';
  /** Why it was skipped or failed. */
  reason?: string;
  seconds: number;
  /** What was measured and how (placement, durations, data sizes). */
  setup: Record<string, unknown>;
  tables: Table[];
  /** Raw figures the targets are computed from. */
  figures: Record<string, unknown>;
  /** Target values this scenario measured, by target id. */
  measured: Record<string, number | null>;
  notes: string[];
}

export interface BenchResults {
  version: 1;
  date: string;
  quick: boolean;
  machine: Record<string, unknown>;
  versions: Record<string, string>;
  scenarios: Record<ScenarioName, ScenarioResult>;
  targets: TargetResult[];
}

export function skippedScenario(reason: string, status: 'skipped' | 'failed' = 'skipped'): ScenarioResult {
  return { status, reason, seconds: 0, setup: {}, tables: [], figures: {}, measured: {}, notes: [] };
}

/** Assembles the results file: every scenario present (skipped ones say why) and every target evaluated. */
export function assembleResults(input: {
  date: Date;
  quick: boolean;
  machine: Record<string, unknown>;
  versions: Record<string, string>;
  scenarios: Partial<Record<ScenarioName, ScenarioResult>>;
}): BenchResults {
  const scenarios = Object.fromEntries(SCENARIOS.map((name) => [name, input.scenarios[name] ?? skippedScenario('not selected in this run')])) as Record<
    ScenarioName,
    ScenarioResult
  >;
  const targets = TARGETS.map((t) => {
    const scenario = scenarios[t.scenario];
    const note = scenario.status === 'ok' ? undefined : `${t.scenario} ${scenario.status}: ${scenario.reason ?? ''}`.trim();
    return evaluateTarget(t, scenario.measured[t.id], note);
  });
  return { version: 1, date: input.date.toISOString(), quick: input.quick, machine: input.machine, versions: input.versions, scenarios, targets };
}

/** Numbers as people read them: thousands separated, ratios with two decimals. */
export function formatCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function renderTable(table: Table): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `| ${table.columns.map(escape).join(' | ')} |`,
    `| ${table.columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map((c) => escape(formatCell(c))).join(' | ')} |`),
  ];
  return [...(table.title ? [`**${table.title}**`, ''] : []), ...lines].join('\n');
}

function formatTargetValue(t: TargetResult, value: number | null): string {
  if (value === null) return '—';
  if (t.unit === '×') return `${value.toFixed(2)}×`;
  if (t.unit === 'fraction') return `${(value * 100).toFixed(1)} %`;
  return `${formatCell(Math.round(value))} ${t.unit}`;
}

export function renderMarkdown(results: BenchResults): string {
  const verdict = (t: TargetResult) => (t.met === null ? 'not measured' : t.met ? 'met' : 'NOT met');
  const out: string[] = [
    `# gridshare benchmark${results.quick ? ' (quick run)' : ''}`,
    '',
    `${results.date.slice(0, 10)} · ${String(results.machine.cpuModel ?? 'unknown CPU')} · ${String(results.machine.cpus)} cores · ` +
      `${String(results.machine.memoryGiB)} GiB · Node ${String(results.machine.node)} · ${String(results.machine.placement)}`,
    '',
    'Every ratio compares targets measured side by side in this one run.',
    '',
    '## Targets',
    '',
    renderTable({
      columns: ['target', 'goal', 'measured', 'verdict'],
      rows: results.targets.map((t) => [
        `${t.id}: ${t.description}`,
        `${t.comparator} ${formatTargetValue(t, t.threshold)}`,
        formatTargetValue(t, t.actual),
        verdict(t) + (t.note ? ` (${t.note})` : ''),
      ]),
    }),
  ];
  for (const name of SCENARIOS) {
    const s = results.scenarios[name];
    out.push('', `## ${name}`, '');
    if (s.status !== 'ok') {
      out.push(`${s.status}: ${s.reason ?? ''}`);
      continue;
    }
    for (const table of s.tables) out.push(renderTable(table), '');
    for (const note of s.notes) out.push(`- ${note}`);
    if (s.notes.length > 0) out.push('');
    out.push(
      `<sub>${Math.round(s.seconds)} s · ${Object.entries(s.setup)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' · ')}</sub>`,
    );
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** Ratio with a guard: null when either side is missing or the base is zero. */
export function ratio(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  if (numerator === null || numerator === undefined || denominator === null || denominator === undefined || denominator === 0) return null;
  return numerator / denominator;
}
