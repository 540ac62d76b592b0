import { useEffect } from 'react';
import { useDepartmentLabel } from './components/labels';
import { formatDateTime } from './format';
import { useI18n } from './i18n';
import { AnomaliesPage } from './pages/anomalies';
import { DepartmentOverviewPage } from './pages/department-overview';
import { PersonHistoryPage } from './pages/person-history';
import { PolicyMatrixPage } from './pages/policy-matrix';
import { RecordDetailPage } from './pages/record-detail';
import { RecordsPage } from './pages/records';
import { CommandCentrePage } from './pages/command-centre';
import { Explorer } from './pages/explorer-loader';
import { SignInPage } from './pages/sign-in';
import { Link, navigate, useRoute } from './router';
import { useSession } from './session';
import { PAGES, SUBTITLES, TITLES, workspaceOf } from './workspace';

export function App() {
  const { t, language, setLanguage } = useI18n();
  const { session, signOut, matrix, setDepartments, setLabels } = useSession();
  const route = useRoute();
  const label = useDepartmentLabel();

  useEffect(() => {
    // Department names for every page come with the matrix (departments.yaml); ids are the fallback.
    if (session) {
      matrix().then(
        (m) => {
          setDepartments(m.departments);
          setLabels(m.labels);
        },
        () => undefined,
      );
    }
    // Once per session: `matrix` is a new closure on every render of the session provider.
  }, [session]);

  useEffect(() => {
    if (!session?.expiresAt) return;
    const timer = setTimeout(() => signOut('expired'), Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const workspace = session ? workspaceOf(session.department) : undefined;
  const pages = workspace ? PAGES[workspace] : [];
  useEffect(() => {
    if (!workspace) return;
    if (!pages.some((p) => route.path.startsWith(p.path)) && !(workspace === 'audit' && route.path.startsWith('/records/'))) {
      navigate(pages[0].path, { replace: true });
    }
  }, [workspace, route.path]);

  const recordMatch = /^\/records\/(\d{1,18})$/.exec(route.path);
  let page;
  if (!session || !workspace) page = <SignInPage />;
  else if (route.path === '/explorer') page = <Explorer />;
  else if (workspace === 'command') page = <CommandCentrePage search={route.search} />;
  else if (route.path === '/departments') page = <DepartmentOverviewPage search={route.search} />;
  else if (route.path === '/records') page = <RecordsPage search={route.search} />;
  else if (recordMatch) page = <RecordDetailPage key={recordMatch[1]} seq={recordMatch[1]} />;
  else if (route.path === '/anomalies') page = <AnomaliesPage key={route.search.toString()} search={route.search} />;
  else if (route.path === '/matrix') page = <PolicyMatrixPage />;
  else page = <PersonHistoryPage />;

  return (
    <div className="app">
      <header className="top">
        <div className="top-row">
          <div className="brand">
            <strong>{t(workspace ? TITLES[workspace] : 'app.title')}</strong>
            <span className="muted">{t(workspace ? SUBTITLES[workspace] : 'app.subtitle')}</span>
          </div>
          <div className="session">
            {session && (
              <span data-testid="identity">
                {t('session.signedInAs')} <strong>{label(session.department)}</strong> · <code>{session.user}</code>
                {session.expiresAt && (
                  <span className="muted small"> · {t('session.expires', { time: formatDateTime(new Date(session.expiresAt).toISOString()) })}</span>
                )}
              </span>
            )}
            <button
              type="button"
              className="secondary"
              onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
              aria-label={t('lang.toggleLabel')}
              lang={language === 'zh' ? 'en' : 'zh-CN'}
              data-testid="language"
            >
              {t('lang.toggle')}
            </button>
            {session && (
              <button type="button" className="secondary" onClick={() => signOut()} data-testid="sign-out">
                {t('session.signOut')}
              </button>
            )}
          </div>
        </div>
        {session && workspace && (
          <nav aria-label={t('nav.main')}>
            {pages.map((p) => (
              <Link key={p.path} to={p.path} aria-current={route.path.startsWith(p.path) ? 'page' : undefined}>
                {t(p.label)}
              </Link>
            ))}
          </nav>
        )}
      </header>
      <main>{page}</main>
    </div>
  );
}
