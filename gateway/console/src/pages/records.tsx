import { FormEvent, useEffect, useState } from 'react';
import { ACCESS_RECORDS, Connection, Outcome, OUTCOMES, RecordFilter, RecordSummary } from '../api/queries';
import { DepartmentName, DepartmentSelect, FieldChips, OutcomeBadge, PurposeName } from '../components/labels';
import { EmptyState, ErrorMessage, Spinner } from '../components/status';
import { formatDateTime } from '../format';
import { MessageKey, useI18n } from '../i18n';
import { Link, navigate, withQuery } from '../router';
import { useSession } from '../session';

const PAGE = 50;
const FILTER_KEYS = ['department', 'outcome', 'userId', 'coordinate', 'from', 'to', 'requestId'] as const;

function filterFrom(search: URLSearchParams): RecordFilter {
  const filter: RecordFilter = {};
  for (const key of FILTER_KEYS) {
    const value = search.get(key);
    if (value) (filter as Record<string, string>)[key] = value;
  }
  return filter;
}

/** Records matching a filter; the filter lives in the URL (it holds no personal value), so it can be linked. */
export function RecordsPage({ search }: { search: URLSearchParams }) {
  const { t } = useI18n();
  const { query } = useSession();
  const applied = filterFrom(search);
  const appliedKey = JSON.stringify(applied);
  const [draft, setDraft] = useState<RecordFilter>(applied);
  const [records, setRecords] = useState<RecordSummary[]>([]);
  const [page, setPage] = useState<Omit<Connection<RecordSummary>, 'edges'>>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();

  const load = async (filter: RecordFilter, after?: string | null) => {
    setLoading(true);
    setError(undefined);
    try {
      const { data } = await query(ACCESS_RECORDS, { filter, first: PAGE, after: after ?? null });
      const connection = data.accessRecords;
      setRecords((previous) => [...(after ? previous : []), ...(connection?.edges.map((e) => e.node) ?? [])]);
      setPage(connection ? { totalCount: connection.totalCount, pageInfo: connection.pageInfo } : undefined);
    } catch (e) {
      setError(e);
      if (!after) setRecords([]);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    setDraft(JSON.parse(appliedKey));
    setPage(undefined);
    void load(JSON.parse(appliedKey));
  }, [appliedKey]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(withQuery('/records', draft as Record<string, string | undefined>));
  };
  const set = (key: keyof RecordFilter) => (value: string) => setDraft((d) => ({ ...d, [key]: value || undefined }));

  return (
    <section className="page" aria-labelledby="records-title">
      <h1 id="records-title">{t('records.title')}</h1>
      <p className="intro">{t('records.intro')}</p>
      <form className="filters" onSubmit={submit} data-testid="record-filters">
        <div className="field">
          <label htmlFor="records-department">{t('common.department')}</label>
          <DepartmentSelect id="records-department" value={draft.department ?? ''} onChange={set('department')} />
        </div>
        <div className="field">
          <label htmlFor="records-outcome">{t('common.outcome')}</label>
          <select id="records-outcome" value={draft.outcome ?? ''} onChange={(e) => set('outcome')(e.target.value as Outcome)}>
            <option value="">{t('common.anyOutcome')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`outcome.${o}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="records-user">{t('records.userId')}</label>
          <input id="records-user" value={draft.userId ?? ''} onChange={(e) => set('userId')(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="records-coordinate">{t('records.coordinate')}</label>
          <input id="records-coordinate" value={draft.coordinate ?? ''} onChange={(e) => set('coordinate')(e.target.value)} placeholder="Person.phone" />
        </div>
        <div className="field">
          <label htmlFor="records-from">{t('common.from')}</label>
          <input id="records-from" type="date" value={draft.from?.slice(0, 10) ?? ''} onChange={(e) => set('from')(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="records-to">{t('common.to')}</label>
          <input id="records-to" type="date" value={draft.to?.slice(0, 10) ?? ''} onChange={(e) => set('to')(e.target.value)} />
        </div>
        <button type="submit">{t('common.search')}</button>
      </form>
      {error !== undefined && <ErrorMessage error={error} />}
      {page && <strong data-testid="records-total">{t('common.showing', { shown: records.length, total: page.totalCount })}</strong>}
      {page && page.totalCount === 0 && <EmptyState>{t('records.empty')}</EmptyState>}
      {records.length > 0 && <RecordTable records={records} />}
      {loading && <Spinner />}
      {page?.pageInfo.hasNextPage && !loading && (
        <div className="more">
          <button type="button" className="secondary" onClick={() => void load(applied, page.pageInfo.endCursor)}>
            {t('common.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}

export function RecordTable({ records }: { records: RecordSummary[] }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="data" data-testid="records">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('common.time')}</th>
            <th scope="col">{t('common.department')}</th>
            <th scope="col">{t('common.user')}</th>
            <th scope="col">{t('common.operation')}</th>
            <th scope="col">{t('common.outcome')}</th>
            <th scope="col">{t('records.fields')}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.seq} data-testid="record-row" data-seq={r.seq} data-outcome={r.outcome ?? ''} data-department={r.department ?? ''}>
              <td>
                <Link to={`/records/${r.seq}`}>#{r.seq}</Link>
              </td>
              <td className="nowrap">{formatDateTime(r.at)}</td>
              <td>
                <DepartmentName id={r.department} />
              </td>
              <td>
                <code>{r.userId ?? '—'}</code>
                {r.purpose && (
                  <div className="muted small">
                    <PurposeName id={r.purpose} />
                  </div>
                )}
              </td>
              <td>
                {r.operationName ?? <span className="muted">(anonymous)</span>}
                {r.httpStatus !== null && <span className="muted small"> · HTTP {r.httpStatus}</span>}
              </td>
              <td>
                <OutcomeBadge outcome={r.outcome} />
                {(r.denialReasons ?? []).length > 0 && <div className="muted small">{r.denialReasons!.join(', ')}</div>}
              </td>
              <td>
                <FieldChips raw={r.fieldsGranted} masked={r.fieldsMasked} denied={r.fieldsDenied} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
