import { ReactNode, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { AUDIT_RECORD, AuditRecordDetail, ChainVerification, VERIFY_CHAIN } from '../api/queries';
import { DepartmentName, FieldChips, OutcomeBadge, PurposeName } from '../components/labels';
import { EmptyState, ErrorMessage, Spinner } from '../components/status';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { useAsync } from '../use-async';

/** RFC 8785 canonical JSON for values parsed from JSON: sorted keys, ECMAScript number and string forms. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Recomputes this one record's hash in the browser: SHA-256 over its canonical JSON without the hash. */
async function checkLine(line: string): Promise<'ok' | 'bad' | 'unavailable'> {
  if (!globalThis.crypto?.subtle) return 'unavailable';
  const { hash, ...unhashed } = JSON.parse(line) as Record<string, unknown>;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical(unhashed)));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return hex === hash ? 'ok' : 'bad';
}

export function RecordDetailPage({ seq }: { seq: string }) {
  const { t } = useI18n();
  const { query } = useSession();
  const state = useAsync(() => query(AUDIT_RECORD, { seq }), seq);
  const record = state.data?.data.auditRecord;
  const [local, setLocal] = useState<'ok' | 'bad' | 'unavailable'>();
  useEffect(() => {
    setLocal(undefined);
    if (record?.line) checkLine(record.line).then(setLocal, () => setLocal('bad'));
  }, [record?.line]);

  return (
    <section className="page" aria-labelledby="record-title">
      <h1 id="record-title">{t('record.title', { seq })}</h1>
      {state.loading && <Spinner />}
      {state.error !== undefined && <ErrorMessage error={state.error} />}
      {state.data && !record && <EmptyState>{t('record.notFound', { seq })}</EmptyState>}
      {record && (
        <div className="record" data-testid="record-detail" data-seq={record.seq}>
          <div className="card">
            <h2>{t('record.summary')}</h2>
            <dl className="facts">
              <Fact label={t('common.time')}>{formatDateTime(record.at)}</Fact>
              <Fact label={t('common.department')}>
                <DepartmentName id={record.department} />
              </Fact>
              <Fact label={t('common.user')}>
                <code>{record.userId ?? '—'}</code>
              </Fact>
              <Fact label={t('record.level')}>{record.level ?? '—'}</Fact>
              <Fact label={t('common.purpose')}>
                <PurposeName id={record.purpose} />
              </Fact>
              <Fact label={t('record.client')}>{record.clientName ?? '—'}</Fact>
              <Fact label={t('common.operation')}>
                {record.operationName ?? '(anonymous)'} <span className="muted">{record.operationType ?? ''}</span>
              </Fact>
              <Fact label={t('common.outcome')}>
                <OutcomeBadge outcome={record.outcome} /> <span className="muted">HTTP {record.httpStatus ?? '—'}</span>
              </Fact>
              <Fact label={t('record.duration')}>{formatNumber(record.durationMs, 1)} ms</Fact>
              <Fact label={t('record.recordCount')}>{formatNumber(record.recordCount)}</Fact>
              <Fact label={t('record.sensitiveRecordCount')}>{formatNumber(record.sensitiveRecordCount)}</Fact>
              <Fact label={t('records.requestId')}>
                <code>{record.requestId ?? '—'}</code>
              </Fact>
              <Fact label={t('record.documentHash')}>
                <code className="hash">{record.documentHash ?? '—'}</code>
              </Fact>
            </dl>
            <h3>{t('records.fields')}</h3>
            {[record.fieldsGranted, record.fieldsMasked, record.fieldsDenied].every((f) => (f ?? []).length === 0) ? (
              <p className="muted">{t('record.noFields')}</p>
            ) : (
              <FieldChips raw={record.fieldsGranted} masked={record.fieldsMasked} denied={record.fieldsDenied} />
            )}
            {(record.denialReasons ?? []).length > 0 && (
              <p>
                {t('record.denialReasons')}: <code>{record.denialReasons!.join(', ')}</code>
              </p>
            )}
            {record.document && (
              <>
                <h3>{t('record.document')}</h3>
                <pre className="document" data-testid="record-document">
                  {record.document}
                </pre>
              </>
            )}
            {record.variables && (
              <>
                <h3>{t('record.variables')}</h3>
                <pre className="code">{pretty(record.variables)}</pre>
              </>
            )}
          </div>
          <div className="card">
            <h2>{t('record.accesses')}</h2>
            {(record.accesses ?? []).length === 0 ? (
              <EmptyState>{t('record.noAccesses')}</EmptyState>
            ) : (
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('record.entity')}</th>
                    <th scope="col">{t('record.subgraph')}</th>
                    <th scope="col">{t('records.fields')}</th>
                  </tr>
                </thead>
                <tbody>
                  {record.accesses!.map((a, i) => (
                    <tr key={i}>
                      <td>
                        {a.entityType} <code>{a.entityKey}</code>
                      </td>
                      <td>{a.subgraph}</td>
                      <td>
                        <FieldChips raw={a.fieldsRaw} masked={a.fieldsMasked} denied={a.fieldsDenied} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <ChainCard record={record} local={local} />
        </div>
      )}
    </section>
  );
}

function ChainCard({ record, local }: { record: AuditRecordDetail; local: 'ok' | 'bad' | 'unavailable' | undefined }) {
  const { t } = useI18n();
  const { query } = useSession();
  const [verifying, setVerifying] = useState(false);
  const [result, setResult] = useState<{ verification?: ChainVerification; error?: unknown }>();
  const position = record.chainPosition ?? { seq: record.seq, prevHash: record.prevHash, hash: record.hash };
  const seq = Number(position.seq ?? record.seq);

  const verify = async () => {
    setVerifying(true);
    setResult(undefined);
    try {
      const { data } = await query(VERIFY_CHAIN);
      setResult({ verification: data.verifyAuditChain ?? undefined });
    } catch (error) {
      setResult({ error });
    } finally {
      setVerifying(false);
    }
  };

  const unsupported = result?.error instanceof ApiError && result.error.kind === 'unsupported';
  const verification = result?.verification;
  return (
    <div className="card chain" data-testid="chain">
      <h2>{t('record.chain')}</h2>
      <dl className="facts">
        <Fact label={t('record.position')}>
          {seq > 1 && <Link to={`/records/${seq - 1}`}>{t('record.previous', { seq: seq - 1 })}</Link>} <strong>#{seq}</strong>{' '}
          <Link to={`/records/${seq + 1}`}>{t('record.next', { seq: seq + 1 })}</Link>
        </Fact>
        <Fact label={t('record.prevHash')}>
          <code className="hash">{position.prevHash ?? '—'}</code>
        </Fact>
        <Fact label={t('record.hash')}>
          <code className="hash">{position.hash ?? '—'}</code>
        </Fact>
      </dl>
      {local && (
        <p className={local === 'ok' ? 'ok' : local === 'bad' ? 'error' : 'muted'} data-testid="local-check" data-result={local}>
          {local === 'ok' ? `✓ ${t('record.localOk')}` : local === 'bad' ? `✗ ${t('record.localBad')}` : t('record.localUnavailable')}
        </p>
      )}
      <button type="button" onClick={verify} disabled={verifying} data-testid="verify-chain">
        {t('record.verify')}
      </button>
      <div data-testid="verify-result" aria-live="polite">
        {verifying && <Spinner label={t('record.verifying')} />}
        {verification?.ok && (
          <p className="ok" data-result="ok">
            ✓{' '}
            {t('record.verifyOk', {
              records: formatNumber(verification.records),
              checkpoints: formatNumber(verification.checkpoints),
              headSeq: verification.headSeq ?? '—',
              seconds: formatNumber(verification.seconds, 2),
            })}
            {verification.filesChecked !== null && (
              <span className="detail">{verification.filesChecked ? t('record.filesChecked') : t('record.filesNotChecked')}</span>
            )}
          </p>
        )}
        {verification && !verification.ok && (
          <p className="error" role="alert" data-result="broken">
            ✗{' '}
            {t('record.verifyBad', {
              seq: verification.problem?.seq ?? '?',
              where: verification.problem?.where ?? '?',
              problem: verification.problem?.problem ?? '?',
            })}{' '}
            {verification.problem?.seq && <Link to={`/records/${verification.problem.seq}`}>#{verification.problem.seq}</Link>}
          </p>
        )}
        {unsupported && (
          <p className="warning" data-result="unsupported">
            {t('record.verifyUnsupported')}
          </p>
        )}
        {result?.error !== undefined && !unsupported && <ErrorMessage error={result.error} />}
      </div>
      {record.line && (
        <details>
          <summary>{t('record.line')}</summary>
          <pre className="code">{record.line}</pre>
        </details>
      )}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
