import { formatNumber } from '../format';

export interface BarDatum {
  label: string;
  value: number;
}

interface BarChartProps {
  title: string;
  data: BarDatum[];
  /** A dashed reference line (the department's own baseline). */
  baseline?: { value: number; label: string };
  /** A second reference line above which bars are flagged (3× baseline), from `minimum` up. */
  threshold?: { value: number; label: string; minimum?: number };
  tone?: 'operations' | 'reads' | 'denials';
  testId?: string;
}

const WIDTH = 520;
const HEIGHT = 200;
const MARGIN = { top: 18, right: 10, bottom: 30, left: 40 };

/** A hand-made SVG bar chart: a few dozen bars do not need a chart library in the bundle. */
export function BarChart({ title, data, baseline, threshold, tone = 'operations', testId }: BarChartProps) {
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(2, ...data.map((d) => d.value), baseline?.value ?? 0, threshold?.value ?? 0);
  const top = niceCeiling(max);
  const y = (value: number) => MARGIN.top + innerHeight - (value / top) * innerHeight;
  const step = innerWidth / Math.max(1, data.length);
  const barWidth = Math.max(2, Math.min(36, step * 0.7));
  const labelEvery = Math.max(1, Math.ceil(data.length / 10));
  const total = data.reduce((sum, d) => sum + d.value, 0);
  const ticks = [0, top / 2, top];
  return (
    <figure className={`chart chart-${tone}`} data-testid={testId}>
      <figcaption>
        {title} <span className="chart-total">Σ {formatNumber(total)}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${data.map((d) => `${d.label} ${d.value}`).join(', ')}`}>
        {ticks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 6} y={y(tick) + 4} textAnchor="end">
              {formatNumber(tick, 1)}
            </text>
          </g>
        ))}
        {data.map((d, i) => {
          const x = MARGIN.left + i * step + (step - barWidth) / 2;
          const flagged = threshold !== undefined && d.value > threshold.value && d.value >= (threshold.minimum ?? 0);
          return (
            <g key={d.label}>
              <rect
                className={flagged ? 'bar bar-flagged' : 'bar'}
                x={x}
                y={y(d.value)}
                width={barWidth}
                height={Math.max(0, MARGIN.top + innerHeight - y(d.value))}
                data-label={d.label}
                data-value={d.value}
              >
                <title>{`${d.label}: ${formatNumber(d.value)}`}</title>
              </rect>
              {i % labelEvery === 0 && (
                <text className="axis-label" x={x + barWidth / 2} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle">
                  {d.label.slice(5)}
                </text>
              )}
            </g>
          );
        })}
        {baseline && baseline.value > 0 && <ReferenceLine y={y(baseline.value)} label={baseline.label} className="baseline" />}
        {threshold && threshold.value > 0 && <ReferenceLine y={y(threshold.value)} label={threshold.label} className="threshold" />}
        <line className="axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={MARGIN.top + innerHeight} y2={MARGIN.top + innerHeight} />
      </svg>
    </figure>
  );
}

function ReferenceLine({ y, label, className }: { y: number; label: string; className: string }) {
  return (
    <g className={className} data-testid={className}>
      <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y} y2={y} />
      <text x={WIDTH - MARGIN.right - 4} y={y - 4} textAnchor="end">
        {label}
      </text>
    </g>
  );
}

/** A sparkline for table rows. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const width = 120;
  const height = 28;
  const max = Math.max(1, ...values);
  const step = width / Math.max(1, values.length);
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={label}>
      {values.map((v, i) => (
        <rect key={i} x={i * step + 0.5} y={height - (v / max) * height} width={Math.max(1, step - 1)} height={(v / max) * height} />
      ))}
    </svg>
  );
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * magnitude >= value) return factor * magnitude;
  return 10 * magnitude;
}
