import { FormEvent, useState } from 'react';
import { Anomaly, ANOMALIES, FINDING_STATES, RecordSummary, recordsBySeq } from '../api/queries';
import { FindingCasePanel, FindingStateBadge } from './finding-case';
import { DepartmentName, DepartmentSelect } from '../components/labels';
import { EmptyState, ErrorMessage, PartialWarning, Spinner } from '../components/status';
import { formatDateTime, localDate } from '../format';
import { MessageKey, useI18n } from '../i18n';
import { Link, navigate, withQuery } from '../router';
import { useSession } from '../session';
import { useAsync } from '../use-async';
import { RecordTable } from './records';

export function AnomaliesPage({ search }: { search: URLSearchParams }) {
  const { t } = useI18n();
  const { query } = useSession();
  const period = {
    from: search.get('from') ?? localDate(-6),
    to: search.get('to') ?? localDate(),
    department: search.get('department') ?? '',
    state: search.get('state') ?? '',
    assignee: search.get('assignee') ?? '',
  };
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [department, setDepartment] = useState(period.department);
  const [caseState, setCaseState] = useState(period.state);
  const [assignee, setAssignee] = useState(period.assignee);
  const state = useAsync(
    () =>
      query(ANOMALIES, {
        from: period.from,
        to: period.to,
        department: period.department || null,
        // From the URL: anything that is not a state is no filter, rather than a request the gateway refuses.
        state: FINDING_STATES.find((s) => s === period.state) ?? null,
        assignee: period.assignee || null,
      }),
    `${period.from}/${period.to}/${period.department}/${period.state}/${period.assignee}`,
  );
  const anomalies = state.data?.data.anomalies ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(withQuery('/anomalies', { from, to, department, state: caseState, assignee }), { replace: true });
  };

  return (
    <section className="page" aria-labelledby="anomalies-title">
      <h1 id="anomalies-title">{t('anomalies.title')}</h1>
      <p className="intro">{t('anomalies.intro')}</p>
      <form className="filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor="anomalies-from">{t('common.from')}</label>
          <input id="anomalies-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="anomalies-to">{t('common.to')}</label>
          <input id="anomalies-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="anomalies-department">{t('common.department')}</label>
          <DepartmentSelect id="anomalies-department" value={department} onChange={setDepartment} />
        </div>
        <div className="field">
          <label htmlFor="anomalies-state">{t('anomalies.state')}</label>
          <select id="anomalies-state" value={caseState} onChange={(e) => setCaseState(e.target.value)} data-testid="anomalies-state">
            <option value="">{t('anomalies.anyState')}</option>
            {FINDING_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`finding.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="anomalies-assignee">{t('anomalies.assignee')}</label>
          <input id="anomalies-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} />
        </div>
        <button type="submit">{t('common.show')}</button>
      </form>
      {state.loading && <Spinner />}
      {state.error !== undefined && <ErrorMessage error={state.error} />}
      {state.data && <PartialWarning messages={state.data.partialErrors} />}
      {state.data && anomalies.length === 0 && <EmptyState testId="anomalies-empty">{t('anomalies.empty')}</EmptyState>}
      <ul className="anomalies" data-testid="anomalies">
        {anomalies.map((anomaly) => (
          <AnomalyCard key={anomaly.id} anomaly={anomaly} />
        ))}
      </ul>
    </section>
  );
}

function AnomalyCard({ anomaly: initial }: { anomaly: Anomaly }) {
  const { t, language } = useI18n();
  // A step answers with the finding as it now stands: the card shows that, not the list's copy.
  const [anomaly, setAnomaly] = useState(initial);
  const { query } = useSession();
  const [open, setOpen] = useState(false);
  const seqs = anomaly.recordSeqs ?? [];
  const records = useAsync(
    async () => {
      const variables = Object.fromEntries(seqs.map((seq, i) => [`s${i}`, seq]));
      const { data } = await query(recordsBySeq(seqs.length), variables);
      return seqs.map((_, i) => data[`r${i}`]).filter((r): r is RecordSummary => r !== null && r !== undefined);
    },
    open && seqs.length > 0 ? anomaly.id : undefined,
  );
  const reason = language === 'zh' ? (anomaly.reasonZh ?? anomaly.reason) : (anomaly.reason ?? anomaly.reasonZh);
  return (
    <li className="card anomaly" data-testid="anomaly" data-kind={anomaly.kind ?? ''} data-department={anomaly.department ?? ''} data-id={anomaly.id}>
      <div className="anomaly-head">
        <FindingStateBadge state={anomaly.state} />
        <span className={`badge kind-${(anomaly.kind ?? 'unknown').toLowerCase()}`}>{anomaly.kind ? t(`anomaly.${anomaly.kind}` as MessageKey) : '—'}</span>
        <DepartmentName id={anomaly.department} />
        {anomaly.userId && (
          <span className="muted">
            {t('common.user')}: <code>{anomaly.userId}</code>
          </span>
        )}
        {anomaly.assignee && (
          <span className="muted" data-testid="finding-assignee-shown">
            {t('anomalies.assignee')}: <code>{anomaly.assignee}</code>
          </span>
        )}
        <span className="muted small">
          {t('anomalies.window')}: {formatDateTime(anomaly.windowStart)} – {formatDateTime(anomaly.windowEnd)}
        </span>
      </div>
      <p className="reason">{reason}</p>
      <div className="anomaly-records">
        <span>{t('anomalies.records', { count: anomaly.recordCount ?? seqs.length })}: </span>
        {seqs.slice(0, 12).map((seq) => (
          <Link key={seq} to={`/records/${seq}`} className="seq-link" data-testid="anomaly-record-link">
            #{seq}
          </Link>
        ))}
        {seqs.length > 12 && <span className="muted">…</span>}
        {seqs.length > 0 && (
          <button type="button" className="link" onClick={() => setOpen(!open)} aria-expanded={open}>
            {open ? t('anomalies.hideRecords') : t('anomalies.showRecords')}
          </button>
        )}
      </div>
      <FindingCasePanel anomaly={anomaly} onChange={setAnomaly} />
      {open && records.loading && <Spinner />}
      {open && records.error !== undefined && <ErrorMessage error={records.error} />}
      {open && records.data && (
        <>
          <RecordTable records={records.data} />
          {(anomaly.recordCount ?? 0) > seqs.length && (
            <p className="muted small">{t('anomalies.moreRecords', { shown: seqs.length, count: anomaly.recordCount! })}</p>
          )}
        </>
      )}
    </li>
  );
}
