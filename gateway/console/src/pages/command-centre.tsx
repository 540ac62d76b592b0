import { useMemo, useState } from 'react';
import { COMMAND_CENTRE_OVERVIEW, Light, LIGHTS, OverviewCell, SUPERVISION_LEVELS } from '../api/queries';
import { DepartmentName } from '../components/labels';
import { EmptyState, ErrorMessage, PartialWarning, Spinner } from '../components/status';
import { formatDateTime, formatNumber } from '../format';
import { MessageKey, useI18n } from '../i18n';
import { navigate, withQuery } from '../router';
import { useSession } from '../session';
import { useAsync } from '../use-async';

/** One row of the view: a department holding events, or the command centre at one of its levels. */
interface Holder {
  key: string;
  department: string | null;
  commandLevel: string | null;
  total: number;
  lights: Record<Light | 'NONE', number>;
  levels: Record<string, number>;
  overdueResponses: number;
}

const holderKey = (cell: OverviewCell) => cell.department ?? `centre:${cell.commandLevel ?? '?'}`;

/** Folds the subgraph's cells (holder × town × light × level) into one row per holder for the chosen town. */
function holdersOf(cells: OverviewCell[], town: string | undefined): Holder[] {
  const holders = new Map<string, Holder>();
  for (const cell of cells) {
    if (town && cell.town?.code !== town) continue;
    const key = holderKey(cell);
    let holder = holders.get(key);
    if (!holder) {
      holder = {
        key,
        department: cell.department,
        commandLevel: cell.department ? null : cell.commandLevel,
        total: 0,
        lights: { RED: 0, YELLOW: 0, GREEN: 0, NONE: 0 },
        levels: {},
        overdueResponses: 0,
      };
      holders.set(key, holder);
    }
    holder.total += cell.count;
    holder.lights[cell.light ?? 'NONE'] += cell.count;
    const level = cell.supervisionLevel ?? 'NONE';
    holder.levels[level] = (holder.levels[level] ?? 0) + cell.count;
    holder.overdueResponses += cell.supervisionResponseOverdue;
  }
  // Most red first: what needs the command centre's attention heads the table.
  return [...holders.values()].sort((a, b) => b.lights.RED - a.lights.RED || b.total - a.total || a.key.localeCompare(b.key));
}

function townsOf(cells: OverviewCell[]): { code: string; name: string | null; total: number; red: number }[] {
  const towns = new Map<string, { code: string; name: string | null; total: number; red: number }>();
  for (const cell of cells) {
    if (!cell.town) continue;
    const town = towns.get(cell.town.code) ?? { code: cell.town.code, name: cell.town.name, total: 0, red: 0 };
    town.total += cell.count;
    if (cell.light === 'RED') town.red += cell.count;
    towns.set(cell.town.code, town);
  }
  return [...towns.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** 指挥中心总览: open events by holder, light and supervision level, for the city or one town. */
export function CommandCentrePage({ search }: { search: URLSearchParams }) {
  const { t } = useI18n();
  const { query } = useSession();
  const [refresh, setRefresh] = useState(0);
  const town = search.get('town') ?? undefined;
  const state = useAsync(() => query(COMMAND_CENTRE_OVERVIEW), String(refresh));
  const cells = state.data?.data.commandCentreOverview.rows ?? [];
  const holders = useMemo(() => holdersOf(cells, town), [cells, town]);
  const towns = useMemo(() => townsOf(cells), [cells]);
  const chooseTown = (code: string) => navigate(withQuery('/command-centre', { town: code }), { replace: true });

  return (
    <section className="page" aria-labelledby="command-title">
      <h1 id="command-title">{t('command.title')}</h1>
      {state.data && <p className="intro">{t('command.intro', { at: formatDateTime(state.data.data.commandCentreOverview.at) })}</p>}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="command-town">{t('command.town')}</label>
          <select id="command-town" value={town ?? ''} onChange={(e) => chooseTown(e.target.value)} data-testid="command-town">
            <option value="">{t('command.allTowns')}</option>
            {towns.map((tw) => (
              <option key={tw.code} value={tw.code}>
                {tw.name ?? tw.code} ({formatNumber(tw.total)})
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="secondary" onClick={() => setRefresh((n) => n + 1)}>
          {t('common.show')}
        </button>
      </form>
      {state.loading && <Spinner />}
      {state.error !== undefined && <ErrorMessage error={state.error} />}
      {state.data && <PartialWarning messages={state.data.partialErrors} />}
      {state.data && holders.length === 0 && <EmptyState>{t('command.empty')}</EmptyState>}
      {holders.length > 0 && <HolderTable holders={holders} />}
      {!town && towns.length > 0 && (
        <section aria-labelledby="by-town-title">
          <h2 id="by-town-title">{t('command.byTown')}</h2>
          <div className="table-wrap">
            <table className="data" data-testid="town-table">
              <thead>
                <tr>
                  <th scope="col">{t('command.town')}</th>
                  <th scope="col" className="num">
                    {t('command.total')}
                  </th>
                  <th scope="col" className="num">
                    {t('light.RED')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {towns.map((tw) => (
                  <tr key={tw.code} className="clickable" data-testid="town-row" data-town={tw.code} onClick={() => chooseTown(tw.code)}>
                    <th scope="row">{tw.name ?? tw.code}</th>
                    <td className="num" data-testid="town-total">
                      {formatNumber(tw.total)}
                    </td>
                    <td className="num">{formatNumber(tw.red)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </section>
  );
}

function HolderTable({ holders }: { holders: Holder[] }) {
  const { t } = useI18n();
  const count = (n: number | undefined, testId: string, tone?: string) => (
    <td key={testId} className={`num${n && tone ? ` ${tone}` : ''}`} data-testid={testId}>
      {n ? formatNumber(n) : <span className="muted">0</span>}
    </td>
  );
  return (
    <div className="table-wrap">
      <table className="data" data-testid="command-table">
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t('command.holder')}
            </th>
            <th scope="col" rowSpan={2} className="num">
              {t('command.total')}
            </th>
            <th scope="colgroup" colSpan={4}>
              {t('command.lights')}
            </th>
            <th scope="colgroup" colSpan={SUPERVISION_LEVELS.length + 1}>
              {t('command.supervision')}
            </th>
            <th scope="col" rowSpan={2} className="num">
              {t('command.overdueResponses')}
            </th>
          </tr>
          <tr>
            {LIGHTS.map((light) => (
              <th key={light} scope="col" className="num">
                {t(`light.${light}` as MessageKey)}
              </th>
            ))}
            <th scope="col" className="num">
              {t('command.noLight')}
            </th>
            <th scope="col" className="num">
              {t('command.unsupervised')}
            </th>
            {SUPERVISION_LEVELS.map((level) => (
              <th key={level} scope="col" className="num">
                {t(`supervision.${level}` as MessageKey)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {holders.map((h) => (
            <tr key={h.key} data-testid="holder-row" data-holder={h.key}>
              <th scope="row">
                {h.department ? <DepartmentName id={h.department} /> : t('command.centreAt', { level: t(`level.${h.commandLevel}` as MessageKey) })}
              </th>
              {count(h.total, 'total')}
              {count(h.lights.RED, 'light-RED', 'light-red')}
              {count(h.lights.YELLOW, 'light-YELLOW', 'light-yellow')}
              {count(h.lights.GREEN, 'light-GREEN')}
              {count(h.lights.NONE, 'light-NONE')}
              {count(h.levels.NONE, 'level-NONE')}
              {SUPERVISION_LEVELS.map((level) => count(h.levels[level], `level-${level}`, 'supervised'))}
              {count(h.overdueResponses, 'overdue-responses', 'light-red')}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
