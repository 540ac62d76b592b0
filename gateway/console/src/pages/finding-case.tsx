import { useState } from 'react';
import { Anomaly, FindingAction, FINDING_MUTATIONS, FindingState } from '../api/queries';
import { ErrorMessage } from '../components/status';
import { formatDateTime } from '../format';
import { MessageKey, useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';

/** Which steps the console offers in each state: the subgraph's rules (transitions.ts), for the buttons only; the server decides. */
const OFFERED: Record<FindingState, FindingAction[]> = {
  OPEN: ['ACKNOWLEDGE', 'ASSIGN', 'ANNOTATE', 'RESOLVE_JUSTIFIED', 'REFER'],
  ACKNOWLEDGED: ['ASSIGN', 'ANNOTATE', 'RESOLVE_JUSTIFIED', 'REFER'],
  RESOLVED_JUSTIFIED: ['ANNOTATE'],
  REFERRED: ['ANNOTATE'],
};

export function FindingStateBadge({ state }: { state: FindingState | null }) {
  const { t } = useI18n();
  const value = state ?? 'OPEN';
  return (
    <span className={`badge state-${value.toLowerCase()}`} data-testid="finding-state" data-state={value}>
      {t(`finding.${value}` as MessageKey)}
    </span>
  );
}

/** A finding's timeline and the steps an auditor can take on it; each step is one mutation, on the trail. */
export function FindingCasePanel({ anomaly, onChange }: { anomaly: Anomaly; onChange: (next: Anomaly) => void }) {
  const { t } = useI18n();
  const { query } = useSession();
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const state = anomaly.state ?? 'OPEN';

  const take = async (action: FindingAction) => {
    setBusy(true);
    setError(undefined);
    try {
      const input = { findingId: anomaly.id, note: note.trim() || null, ...(action === 'ASSIGN' ? { assignee: assignee.trim() } : {}) };
      const { data } = await query(FINDING_MUTATIONS[action].operation, { input });
      const next = data[FINDING_MUTATIONS[action].field]?.finding;
      if (next) {
        onChange(next);
        setNote('');
        setAssignee('');
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="finding-case" data-testid="finding-case">
      {(anomaly.timeline ?? []).length > 0 && (
        <ol className="timeline" aria-label={t('anomalies.timeline')} data-testid="finding-timeline">
          {(anomaly.timeline ?? []).map((step, i) => (
            <li key={i} data-testid="finding-step" data-action={step.action ?? ''}>
              <span className="muted small">{formatDateTime(step.at)}</span> <code>{step.userId}</code>{' '}
              <strong>{step.action ? t(`findingAction.${step.action}` as MessageKey) : '—'}</strong>
              {step.assignee && (
                <>
                  {' '}
                  → <code>{step.assignee}</code>
                </>
              )}
              {step.note && <span className="note">：{step.note}</span>}
              {step.requestId && (
                <Link to={`/records?requestId=${encodeURIComponent(step.requestId)}`} className="muted small seq-link">
                  {' '}
                  ⧉
                </Link>
              )}
            </li>
          ))}
        </ol>
      )}
      <div className="finding-actions">
        <label className="field">
          <span>{t('anomalies.note')}</span>
          <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} data-testid="finding-note" />
        </label>
        {OFFERED[state].includes('ASSIGN') && (
          <label className="field">
            <span>{t('anomalies.assignTo')}</span>
            <input value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="finding-assignee" />
          </label>
        )}
        <div className="buttons">
          {OFFERED[state].map((action) => (
            <button
              key={action}
              type="button"
              className={action === 'ACKNOWLEDGE' || action === 'RESOLVE_JUSTIFIED' ? undefined : 'secondary'}
              disabled={busy}
              onClick={() => take(action)}
              data-testid={`finding-${action.toLowerCase()}`}
            >
              {t(`findingAction.${action}` as MessageKey)}
            </button>
          ))}
        </div>
      </div>
      {error !== undefined && <ErrorMessage error={error} />}
    </div>
  );
}
