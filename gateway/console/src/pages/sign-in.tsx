import { FormEvent, useEffect, useState } from 'react';
import { ApiError, getJson, graphql } from '../api/client';
import type { DepartmentInfo } from '../api/matrix';
import { COMMAND_SIGN_IN_PROBE, EXPLORER_SIGN_IN_PROBE, SIGN_IN_PROBE } from '../api/queries';
import { ErrorMessage, Spinner } from '../components/status';
import { useI18n } from '../i18n';
import { readClaims, Session, useSession } from '../session';
import { workspaceOf } from '../workspace';
import { DEVELOPMENT_SECRET_HEADER, forgetDevelopmentSecret, useDevelopmentSecret } from '../dev-secret';

/**
 * Paste a token, or (in development only, opened through the sign-in link `gridshare start` printed)
 * pick a department and let the gateway sign one.
 */
export function SignInPage() {
  const { t, language } = useI18n();
  const { signIn, endedBecause, departments } = useSession();
  const [token, setToken] = useState('');
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<{ text?: string; detail?: string; error?: unknown }>();
  const [identities, setIdentities] = useState<DepartmentInfo[]>();
  const [needsLink, setNeedsLink] = useState(false);
  const [identity, setIdentity] = useState('audit-office');
  const secret = useDevelopmentSecret();

  useEffect(() => {
    // 404 whenever a production key is configured: then the section is simply not offered. Without
    // this run's secret (401/403) the page says where to get the link, and offers nothing.
    getJson<{ departments: DepartmentInfo[] }>('/console/api/dev-token', undefined, secret ? { [DEVELOPMENT_SECRET_HEADER]: secret } : {}).then(
      (answer) => {
        setIdentities(answer.departments);
        setNeedsLink(false);
      },
      (error) => {
        setIdentities(undefined);
        const refused = error instanceof ApiError && (error.status === 401 || error.status === 403);
        if (refused && secret) forgetDevelopmentSecret();
        setNeedsLink(refused);
      },
    );
  }, [secret]);

  const nameOf = (id: string, known?: DepartmentInfo[]) => {
    // Names come from the development identities, or from the previous session's matrix.
    const found = [...(known ?? identities ?? []), ...departments].find((d) => d.id === id);
    return found ? `${language === 'zh' ? found.name : found.nameEn} (${id})` : id;
  };

  const check = async (candidate: string) => {
    setProblem(undefined);
    const claims = readClaims(candidate);
    if (!claims) {
      setProblem({ text: t('signIn.malformed') });
      return;
    }
    const probe = { audit: SIGN_IN_PROBE, command: COMMAND_SIGN_IN_PROBE, developer: EXPLORER_SIGN_IN_PROBE }[workspaceOf(claims.department)];
    setChecking(true);
    try {
      await graphql(candidate, probe);
      const session: Session = { token: candidate, ...claims };
      signIn(session);
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'forbidden') {
        setProblem({ text: t('signIn.notAuditor', { department: nameOf(claims.department) }), detail: error.message });
      } else {
        setProblem({ error });
      }
    } finally {
      setChecking(false);
    }
  };

  const submitToken = (event: FormEvent) => {
    event.preventDefault();
    void check(token.trim());
  };

  const submitIdentity = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      const answer = await getJson<{ token: string }>(
        `/console/api/dev-token?department=${encodeURIComponent(identity)}`,
        undefined,
        secret ? { [DEVELOPMENT_SECRET_HEADER]: secret } : {},
      );
      await check(answer.token);
    } catch (error) {
      setProblem({ error });
    }
  };

  return (
    <section className="page sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <p className="intro">{t('signIn.intro')}</p>
      {endedBecause === 'expired' && (
        <div className="error" role="alert" data-testid="session-ended">
          {t('signIn.expiredBefore')}
        </div>
      )}
      {problem && (
        <div data-testid="sign-in-problem">
          {problem.text ? (
            <div className="error" role="alert">
              {problem.text}
              {problem.detail && <span className="detail">{problem.detail}</span>}
            </div>
          ) : (
            <ErrorMessage error={problem.error} />
          )}
        </div>
      )}
      {checking && <Spinner label={t('signIn.checking')} />}
      <div className="sign-in-options">
        <form className="card" onSubmit={submitToken}>
          <h2>{t('signIn.paste')}</h2>
          <label htmlFor="token">{t('signIn.tokenLabel')}</label>
          <textarea
            id="token"
            name="token"
            rows={6}
            spellCheck={false}
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder="eyJhbGciOiJFZERTQSIs…"
          />
          <button type="submit" disabled={checking || token.trim() === ''}>
            {t('signIn.submit')}
          </button>
        </form>
        {!identities && needsLink && (
          <div className="card" data-testid="dev-identity-needs-link">
            <h2>{t('signIn.dev')}</h2>
            <p className="hint">{t('signIn.devNeedsLink')}</p>
          </div>
        )}
        {identities && (
          <form className="card" onSubmit={submitIdentity} data-testid="dev-identity">
            <h2>{t('signIn.dev')}</h2>
            <p className="hint">{t('signIn.devHint')}</p>
            <label htmlFor="identity">{t('signIn.devDepartment')}</label>
            <select id="identity" value={identity} onChange={(e) => setIdentity(e.target.value)}>
              {identities.map((d) => (
                <option key={d.id} value={d.id}>
                  {nameOf(d.id, identities)}
                </option>
              ))}
            </select>
            <button type="submit" disabled={checking}>
              {t('signIn.devSubmit')}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}
