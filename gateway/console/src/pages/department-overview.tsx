import { FormEvent, useMemo, useState } from 'react';
import { DAILY_SUMMARIES, DailySummary } from '../api/queries';
import { BarChart, Sparkline } from '../components/bar-chart';
import { DepartmentName, useDepartmentLabel } from '../components/labels';
import { EmptyState, ErrorMessage, PartialWarning, Spinner } from '../components/status';
import { datesBetween, formatNumber, localDate } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate, withQuery } from '../router';
import { useSession } from '../session';
import { useAsync } from '../use-async';

/** The audit subgraph's volume rule: a day above 3× the department's own mean, with at least 20 operations. */
const VOLUME_FACTOR = 3;
const VOLUME_MINIMUM = 20;

interface DepartmentSeries {
  department: string;
  baseline: number;
  days: { date: string; operations: number; personalRecordsRead: number; denials: number }[];
  totals: { operations: number; personalRecordsRead: number; denials: number };
  peak: number;
  aboveBaseline: boolean;
}

function seriesOf(rows: DailySummary[], from: string, to: string): DepartmentSeries[] {
  const dates = datesBetween(from, to);
  const byDepartment = new Map<string, DailySummary[]>();
  for (const row of rows) byDepartment.set(row.department, [...(byDepartment.get(row.department) ?? []), row]);
  return [...byDepartment]
    .map(([department, summaries]) => {
      const byDate = new Map(summaries.map((s) => [s.date, s]));
      // Days without activity may be absent from the answer: they are zero days, not gaps.
      const days = dates.map((date) => {
        const s = byDate.get(date);
        return { date, operations: s?.operations ?? 0, personalRecordsRead: s?.personalRecordsRead ?? 0, denials: s?.denials ?? 0 };
      });
      const baseline = summaries.find((s) => s.baseline !== null)?.baseline ?? 0;
      const sum = (key: 'operations' | 'personalRecordsRead' | 'denials') => days.reduce((total, d) => total + d[key], 0);
      const peak = Math.max(0, ...days.map((d) => d.operations));
      return {
        department,
        baseline,
        days,
        totals: { operations: sum('operations'), personalRecordsRead: sum('personalRecordsRead'), denials: sum('denials') },
        peak,
        aboveBaseline: days.some((d) => d.operations >= VOLUME_MINIMUM && d.operations > VOLUME_FACTOR * baseline),
      };
    })
    .sort((a, b) => b.totals.operations - a.totals.operations || a.department.localeCompare(b.department));
}

export function DepartmentOverviewPage({ search }: { search: URLSearchParams }) {
  const { t } = useI18n();
  const { query } = useSession();
  const label = useDepartmentLabel();
  const initialFrom = search.get('from') ?? localDate(-13);
  const initialTo = search.get('to') ?? localDate();
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const [period, setPeriod] = useState({ from: initialFrom, to: initialTo });
  const selected = search.get('department') ?? undefined;

  const state = useAsync(() => query(DAILY_SUMMARIES, period), `${period.from}/${period.to}`);
  const series = useMemo(() => seriesOf(state.data?.data.departmentDailySummaries ?? [], period.from, period.to), [state.data, period.from, period.to]);
  const chosen = series.find((s) => s.department === selected) ?? series[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPeriod({ from, to });
    navigate(withQuery('/departments', { from, to, department: selected }), { replace: true });
  };
  const choose = (department: string) => navigate(withQuery('/departments', { from: period.from, to: period.to, department }), { replace: true });

  return (
    <section className="page" aria-labelledby="departments-title">
      <h1 id="departments-title">{t('departments.title')}</h1>
      <p className="intro">{t('departments.intro')}</p>
      <form className="filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor="overview-from">{t('common.from')}</label>
          <input id="overview-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="overview-to">{t('common.to')}</label>
          <input id="overview-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
        </div>
        <button type="submit">{t('common.show')}</button>
      </form>
      <p className="hint">{t('common.timezoneNote')}</p>
      {state.loading && <Spinner />}
      {state.error !== undefined && <ErrorMessage error={state.error} />}
      {state.data && <PartialWarning messages={state.data.partialErrors} />}
      {state.data && series.length === 0 && <EmptyState>{t('departments.empty')}</EmptyState>}
      {series.length > 0 && (
        <div className="table-wrap">
          <table className="data" data-testid="department-table">
            <thead>
              <tr>
                <th scope="col">{t('common.department')}</th>
                <th scope="col" className="num">
                  {t('departments.operations')}
                </th>
                <th scope="col" className="num">
                  {t('departments.personalRecordsRead')}
                </th>
                <th scope="col" className="num">
                  {t('departments.denials')}
                </th>
                <th scope="col" className="num">
                  {t('departments.baseline')}
                </th>
                <th scope="col" className="num">
                  {t('departments.peak')}
                </th>
                <th scope="col">{t('departments.trend')}</th>
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr
                  key={s.department}
                  className={s === chosen ? 'selected clickable' : 'clickable'}
                  onClick={() => choose(s.department)}
                  data-testid="department-row"
                  data-department={s.department}
                  aria-selected={s === chosen}
                >
                  <th scope="row">
                    <button type="button" className="link" onClick={() => choose(s.department)}>
                      <DepartmentName id={s.department} />
                    </button>
                    {s.aboveBaseline && <span className="badge warn">{t('departments.aboveBaseline')}</span>}
                  </th>
                  <td className="num">{formatNumber(s.totals.operations)}</td>
                  <td className="num">{formatNumber(s.totals.personalRecordsRead)}</td>
                  <td className="num" data-testid="denials-total">
                    {formatNumber(s.totals.denials)}
                  </td>
                  <td className="num">{formatNumber(s.baseline, 1)}</td>
                  <td className="num">
                    {s.baseline > 0 ? `${formatNumber(s.peak / s.baseline, 1)}×` : <span className="muted">{t('departments.noBaseline')}</span>}
                  </td>
                  <td>
                    <Sparkline values={s.days.map((d) => d.operations)} label={`${label(s.department)}: ${t('departments.trend')}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {chosen && (
        <section className="charts" aria-labelledby="charts-title" data-testid="department-charts" data-department={chosen.department}>
          <h2 id="charts-title">
            {t('departments.chartsFor', { department: label(chosen.department) })}{' '}
            <Link className="small" to={withQuery('/records', { department: chosen.department, from: period.from, to: period.to })}>
              {t('departments.viewRecords')}
            </Link>
          </h2>
          <div className="chart-grid">
            <BarChart
              testId="chart-operations"
              title={t('departments.operations')}
              tone="operations"
              data={chosen.days.map((d) => ({ label: d.date, value: d.operations }))}
              baseline={{ value: chosen.baseline, label: t('departments.baselineLine', { value: formatNumber(chosen.baseline, 1) }) }}
              threshold={
                chosen.baseline > 0 ? { value: VOLUME_FACTOR * chosen.baseline, minimum: VOLUME_MINIMUM, label: t('departments.thresholdLine') } : undefined
              }
            />
            <BarChart
              testId="chart-personal-records"
              title={t('departments.personalRecordsRead')}
              tone="reads"
              data={chosen.days.map((d) => ({ label: d.date, value: d.personalRecordsRead }))}
            />
            <BarChart
              testId="chart-denials"
              title={t('departments.denials')}
              tone="denials"
              data={chosen.days.map((d) => ({ label: d.date, value: d.denials }))}
            />
          </div>
        </section>
      )}
    </section>
  );
}
