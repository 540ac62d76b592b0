import { Fragment, useMemo, useState } from 'react';
import type { MatrixCell, MatrixJson } from '../api/matrix';
import { useDepartmentLabel } from '../components/labels';
import { EmptyState, ErrorMessage, Spinner } from '../components/status';
import { MessageKey, Translate, useI18n } from '../i18n';
import { useSession } from '../session';
import { useAsync } from '../use-async';

function cellText(cell: MatrixCell, t: Translate): string {
  return cell.effect === 'mask' ? `${t('effect.mask')}: ${cell.mask}` : t(`effect.${cell.effect}` as MessageKey);
}

/** department × field → allow / mask / aggregate / deny (+ purposes), from the policy compiler. */
export function PolicyMatrixPage() {
  const { t } = useI18n();
  const { matrix, session } = useSession();
  const label = useDepartmentLabel();
  const state = useAsync<MatrixJson>(() => matrix(), session?.token);
  const [subgraph, setSubgraph] = useState('');
  const [filter, setFilter] = useState('');
  const [unconditional, setUnconditional] = useState(false);

  const sections = useMemo(() => {
    if (!state.data) return [];
    const needle = filter.trim().toLowerCase();
    return state.data.subgraphs
      .filter((s) => !subgraph || s.subgraph === subgraph)
      .map((s) => ({
        ...s,
        types: s.types
          .map((type) => ({
            ...type,
            fields: type.fields.filter((f) => (unconditional || f.class !== 'unconditional') && (!needle || f.coordinate.toLowerCase().includes(needle))),
          }))
          .filter((type) => type.fields.length > 0 || (type.rows && (!needle || type.type.toLowerCase().includes(needle)))),
      }))
      .filter((s) => s.types.length > 0);
  }, [state.data, subgraph, filter, unconditional]);

  const departments = state.data?.departments ?? [];
  return (
    <section className="page" aria-labelledby="matrix-title">
      <h1 id="matrix-title">{t('matrix.title')}</h1>
      <p className="intro">{t('matrix.intro')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="matrix-subgraph">{t('matrix.subgraph')}</label>
          <select id="matrix-subgraph" value={subgraph} onChange={(e) => setSubgraph(e.target.value)}>
            <option value="">{t('matrix.allSubgraphs')}</option>
            {state.data?.subgraphs.map((s) => (
              <option key={s.subgraph} value={s.subgraph}>
                {s.subgraph} ({label(s.owner)})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-filter">{t('matrix.filter')}</label>
          <input id="matrix-filter" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Person.phone" />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={unconditional} onChange={(e) => setUnconditional(e.target.checked)} /> {t('matrix.unconditional')}
        </label>
      </div>
      <div className="legend" aria-label={t('matrix.legend')}>
        {(['owner', 'allow', 'mask', 'aggregate', 'deny'] as const).map((effect) => (
          <span key={effect} className={`cell effect-${effect}`}>
            {t(`effect.${effect}`)}
          </span>
        ))}
      </div>
      {state.loading && <Spinner />}
      {state.error !== undefined && <ErrorMessage error={state.error} />}
      {state.data && sections.length === 0 && <EmptyState>{t('matrix.empty')}</EmptyState>}
      {sections.length > 0 && (
        <div className="table-wrap matrix-wrap">
          <table className="matrix" data-testid="matrix">
            <thead>
              <tr>
                <th scope="col" className="field-col">
                  {t('matrix.field')}
                </th>
                {departments.map((d) => (
                  <th scope="col" key={d.id} title={d.id} data-department={d.id}>
                    {label(d.id)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sections.map((s) => (
                <Fragment key={s.subgraph}>
                  <tr className="section">
                    <th scope="rowgroup" colSpan={departments.length + 1}>
                      {s.subgraph} · {t('matrix.owner', { department: label(s.owner) })}
                    </th>
                  </tr>
                  {s.types.map((type) => (
                    <Fragment key={type.type}>
                      {type.rows && (
                        <tr className="rows">
                          <th scope="row">{t('matrix.rows', { type: type.type })}</th>
                          {departments.map((d) => (
                            <td key={d.id} className={`cell rows-${type.rows![d.id]}`}>
                              {t(`rows.${type.rows![d.id]}` as MessageKey)}
                            </td>
                          ))}
                        </tr>
                      )}
                      {type.fields.map((field) => (
                        <tr key={field.coordinate} data-coordinate={field.coordinate}>
                          <th scope="row">
                            <code>{field.coordinate}</code>
                            <div className="muted small">
                              {field.class}
                              {field.sensitivity ? ` · ${field.sensitivity}` : ''}
                            </div>
                          </th>
                          {departments.map((d) => {
                            const cell = field.cells[d.id];
                            return (
                              <td
                                key={d.id}
                                className={`cell effect-${cell.effect}`}
                                data-department={d.id}
                                data-effect={cell.effect}
                                title={cell.reason ?? undefined}
                              >
                                {cellText(cell, t)}
                                {cell.purposes && <div className="purposes">{t('effect.purposes', { purposes: cell.purposes.join(', ') })}</div>}
                              </td>
                            );
                          })}
                        </tr>
                      ))}
                    </Fragment>
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
