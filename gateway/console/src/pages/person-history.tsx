import { FormEvent, useState } from 'react';
import type { GraphQLAnswer } from '../api/client';
import { Access, Connection, HISTORY_ENTITY_TYPES, PERSON_HISTORY, RECORD_HISTORY } from '../api/queries';
import {
  DepartmentName,
  DepartmentSelect,
  FieldChips,
  OutcomeBadge,
  PurposeName,
  useDepartmentLabel,
  useFieldLabel,
  usePurposeLabel,
} from '../components/labels';
import { EmptyState, ErrorMessage, PartialWarning, Spinner } from '../components/status';
import { chinaTimeIso, download, formatDateTime, localDate, toCsv } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { CitizenReport } from './citizen-report';
import { useSession } from '../session';

const ID_NUMBER = /^\d{17}[\dXx]$/;
const PAGE = 50;
const EXPORT_PAGE = 500;
const EXPORT_LIMIT = 20_000;

const KEY = /^[A-Za-z0-9][A-Za-z0-9:_.-]{0,99}$/;

interface Search {
  /** '' for a person by ID number, else the record type (House, LegalEntity …) of `key`. */
  entityType: string;
  key: string;
  from?: string;
  to?: string;
  department?: string;
  purpose?: string;
  userId?: string;
  clientName?: string;
}

type History = { personAccessHistory?: Connection<Access> | null; recordAccessHistory?: Connection<Access> | null };
const connectionOf = (data: History) => data.personAccessHistory ?? data.recordAccessHistory ?? null;

/**
 * Who read this person, or any record (a house, a legal entity, an event party) by type and key. The ID number stays in this component's state: never in the URL, so it
 * reaches neither the browser history nor any access log.
 */
export function PersonHistoryPage() {
  const { t } = useI18n();
  const { query } = useSession();
  const departmentLabel = useDepartmentLabel();
  const purposeLabel = usePurposeLabel();
  const fieldLabel = useFieldLabel();
  const [entityType, setEntityType] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [purpose, setPurpose] = useState('');
  const [userId, setUserId] = useState('');
  const [clientName, setClientName] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [department, setDepartment] = useState('');
  const [search, setSearch] = useState<Search>();
  const [entries, setEntries] = useState<Access[]>([]);
  const [page, setPage] = useState<Omit<Connection<Access>, 'edges'>>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const [inputProblem, setInputProblem] = useState<string>();
  const [partial, setPartial] = useState<string[]>([]);
  const [exporting, setExporting] = useState<number>();

  const fetchPage = (s: Search, first: number, after?: string | null): Promise<GraphQLAnswer<History>> => {
    const filter = { purpose: s.purpose || null, userId: s.userId || null, clientName: s.clientName || null };
    const common = { first, after: after ?? null };
    if (s.entityType === '') {
      return query(PERSON_HISTORY, { idNumber: s.key, from: s.from || null, to: s.to || null, department: s.department || null, filter, ...common });
    }
    return query(RECORD_HISTORY, {
      entityType: s.entityType,
      entityKey: s.key,
      filter: { ...filter, department: s.department || null, from: s.from || null, to: s.to || null },
      ...common,
    });
  };

  const load = async (s: Search, after?: string | null) => {
    setLoading(true);
    setError(undefined);
    try {
      const { data, partialErrors } = await fetchPage(s, PAGE, after);
      const connection = connectionOf(data);
      setPartial(partialErrors);
      setEntries((previous) => [...(after ? previous : []), ...(connection?.edges.map((e) => e.node) ?? [])]);
      setPage(connection ? { totalCount: connection.totalCount, pageInfo: connection.pageInfo } : undefined);
    } catch (e) {
      setError(e);
      if (!after) setEntries([]);
    } finally {
      setLoading(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const byIdNumber = entityType === '';
    const trimmed = byIdNumber ? idNumber.trim().toUpperCase() : idNumber.trim();
    if (byIdNumber ? !ID_NUMBER.test(trimmed) : !KEY.test(trimmed)) {
      setInputProblem(t(byIdNumber ? 'people.idInvalid' : 'people.keyInvalid'));
      return;
    }
    setInputProblem(undefined);
    const next = { entityType, key: trimmed, from, to, department, purpose: purpose.trim(), userId: userId.trim(), clientName: clientName.trim() };
    setSearch(next);
    setPage(undefined);
    void load(next);
  };

  const exportCsv = async () => {
    if (!search) return;
    const rows: Access[] = [];
    let after: string | null = null;
    setExporting(0);
    setError(undefined);
    try {
      for (;;) {
        const { data } = await fetchPage(search, EXPORT_PAGE, after);
        const connection = connectionOf(data);
        rows.push(...(connection?.edges.map((e) => e.node) ?? []));
        setExporting(rows.length);
        if (!connection?.pageInfo.hasNextPage || rows.length >= EXPORT_LIMIT) break;
        after = connection.pageInfo.endCursor;
      }
      const columns = [
        'at',
        'department',
        'departmentName',
        'userId',
        'purpose',
        'purposeName',
        'operationName',
        'outcome',
        'entityType',
        'entityKey',
        'subgraph',
        'fieldsRaw',
        'fieldsMasked',
        'fieldsDenied',
        'fieldNames',
        'recordSeq',
        'requestId',
      ];
      // Times in China Standard Time; purposes and fields also by name (the ids stay for machines).
      const names = (fields: string[] | null | undefined) => (fields ?? []).map(fieldLabel);
      const csv = toCsv(
        columns,
        rows.map((r) => ({
          ...r,
          at: chinaTimeIso(r.at),
          departmentName: r.department ? departmentLabel(r.department) : '',
          purposeName: r.purpose ? purposeLabel(r.purpose) : '',
          fieldNames: [...names(r.fieldsRaw), ...names(r.fieldsMasked), ...names(r.fieldsDenied)],
        })),
      );
      // The file name carries the date and the record type, not the person: the ID number stays out of the downloads folder listing.
      download(`${search.entityType === '' ? 'person' : search.entityType.toLowerCase()}-access-history-${localDate()}.csv`, csv);
    } catch (e) {
      setError(e);
    } finally {
      setExporting(undefined);
    }
  };

  const departmentsSeen = [...new Set(entries.map((e) => e.department).filter((d): d is string => !!d))];

  return (
    <section className="page" aria-labelledby="people-title">
      <h1 id="people-title">{t('people.title')}</h1>
      <p className="intro">{t('people.intro')}</p>
      <form className="filters" onSubmit={submit} data-testid="person-search">
        <div className="field">
          <label htmlFor="history-entity-type">{t('people.entityType')}</label>
          <select id="history-entity-type" value={entityType} onChange={(e) => setEntityType(e.target.value)} data-testid="entity-type">
            {HISTORY_ENTITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {type === '' ? t('people.byIdNumber') : type}
              </option>
            ))}
          </select>
        </div>
        <div className="field wide">
          <label htmlFor="id-number">{entityType === '' ? t('people.idNumber') : t('people.entityKey')}</label>
          <input
            id="id-number"
            name="idNumber"
            value={idNumber}
            onChange={(e) => setIdNumber(e.target.value)}
            placeholder={entityType === '' ? t('people.idHint') : t('people.keyHint')}
            autoComplete="off"
            spellCheck={false}
            maxLength={entityType === '' ? 18 : 100}
            aria-invalid={inputProblem ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="history-from">{t('common.from')}</label>
          <input id="history-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="history-to">{t('common.to')}</label>
          <input id="history-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="history-department">{t('common.department')}</label>
          <DepartmentSelect id="history-department" value={department} onChange={setDepartment} />
        </div>
        <div className="field">
          <label htmlFor="history-purpose">{t('common.purpose')}</label>
          <input id="history-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="history-user">{t('common.user')}</label>
          <input id="history-user" value={userId} onChange={(e) => setUserId(e.target.value)} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="history-client">{t('people.clientName')}</label>
          <input id="history-client" value={clientName} onChange={(e) => setClientName(e.target.value)} maxLength={200} />
        </div>
        <button type="submit" disabled={loading}>
          {t('common.search')}
        </button>
      </form>
      {inputProblem && (
        <div className="error" role="alert">
          {inputProblem}
        </div>
      )}
      <p className="hint">{t('common.timezoneNote')}</p>
      {error !== undefined && <ErrorMessage error={error} />}
      <PartialWarning messages={partial} />
      {!search && !loading && <EmptyState>{t('people.start')}</EmptyState>}
      {search && page && (
        <div className="results-header">
          <strong data-testid="history-total">{t('people.accesses', { total: page.totalCount })}</strong>
          {departmentsSeen.length > 0 && (
            <span className="by-department">
              {t('people.byDepartment')}:{' '}
              {departmentsSeen.map((d) => (
                <span key={d} className="tag">
                  <DepartmentName id={d} /> × {entries.filter((e) => e.department === d).length}
                </span>
              ))}
            </span>
          )}
          <button type="button" className="secondary" onClick={exportCsv} disabled={exporting !== undefined || page.totalCount === 0} data-testid="export-csv">
            {exporting !== undefined ? t('people.exporting', { count: exporting }) : t('people.export')}
          </button>
          {search.entityType === '' && <CitizenReport idNumber={search.key} from={search.from} to={search.to} />}
        </div>
      )}
      {search && page && page.totalCount === 0 && <EmptyState testId="history-empty">{t('people.empty')}</EmptyState>}
      {entries.length > 0 && (
        <ol className="timeline" data-testid="history">
          {entries.map((entry, index) => (
            <li
              key={`${entry.recordSeq}-${entry.subgraph}-${entry.entityType}-${entry.entityKey}-${index}`}
              className="timeline-item"
              data-testid="history-entry"
              data-department={entry.department ?? ''}
            >
              <div className="timeline-time">{formatDateTime(entry.at)}</div>
              <div className="timeline-body">
                <div className="timeline-head">
                  <DepartmentName id={entry.department} />
                  <span className="muted">
                    {t('common.user')}: <code>{entry.userId ?? '—'}</code>
                  </span>
                  <span className="muted">
                    {t('common.purpose')}: <PurposeName id={entry.purpose} />
                  </span>
                  <OutcomeBadge outcome={entry.outcome} />
                  {entry.recordSeq && (
                    <Link to={`/records/${entry.recordSeq}`} className="record-link">
                      {t('common.record')} #{entry.recordSeq}
                    </Link>
                  )}
                </div>
                <div className="muted small">
                  {entry.operationName ?? '(anonymous)'} ·{' '}
                  {t('people.entity', { type: entry.entityType ?? '?', key: entry.entityKey ?? '?', subgraph: entry.subgraph ?? '?' })}
                </div>
                <FieldChips raw={entry.fieldsRaw} masked={entry.fieldsMasked} denied={entry.fieldsDenied} />
              </div>
            </li>
          ))}
        </ol>
      )}
      {loading && <Spinner />}
      {search && page?.pageInfo.hasNextPage && !loading && (
        <div className="more">
          <span className="muted">{t('common.showing', { shown: entries.length, total: page.totalCount })}</span>
          <button type="button" className="secondary" onClick={() => void load(search, page.pageInfo.endCursor)}>
            {t('common.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}
