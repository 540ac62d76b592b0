import { useMemo, useState } from 'react';
import { ErrorMessage, Spinner } from '../components/status';
import { download, localDate } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { CITIZEN_REPORT } from '../api/queries';
import type { ConsoleCitizenReportQuery } from '../api/operation-types';

type Report = NonNullable<ConsoleCitizenReportQuery['citizenAccessReport']>;

/**
 * Produces a person's access report on request (the production is on the trail) and shows it for
 * printing. The document's body is shown with the console's own print styles: the page's CSP allows
 * no inline <style>, and the saved file keeps the document's own.
 */
export function CitizenReport({ idNumber, from, to }: { idNumber: string; from?: string; to?: string }) {
  const { t } = useI18n();
  const { query } = useSession();
  const [report, setReport] = useState<Report>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();

  const produce = async () => {
    setLoading(true);
    setError(undefined);
    try {
      const { data } = await query(CITIZEN_REPORT, { idNumber, from: from || null, to: to || null });
      setReport(data.citizenAccessReport ?? undefined);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  };
  // Every text in the document was escaped by the audit subgraph; scripts could not run here anyway
  // (CSP). Its <style> is dropped before parsing: the page's CSP refuses inline styles, even parsed ones.
  const body = useMemo(() => {
    if (!report?.html) return '';
    const html = report.html.replace(/<style>[\s\S]*?<\/style>/g, '');
    return new DOMParser().parseFromString(html, 'text/html').querySelector('main')?.innerHTML ?? '';
  }, [report?.html]);

  return (
    <>
      <button type="button" className="secondary" onClick={produce} disabled={loading} data-testid="citizen-report-produce">
        {t('people.citizenReport')}
      </button>
      {loading && <Spinner />}
      {error !== undefined && <ErrorMessage error={error} />}
      {report?.html && (
        <section className="citizen-report-view" data-testid="citizen-report" aria-label={t('people.citizenReport')}>
          <div className="citizen-report-tools">
            <span className="muted small" data-testid="citizen-report-withheld">
              {t('people.citizenReportWithheld', { count: report.withheld ?? 0 })}
            </span>
            <button type="button" className="secondary" onClick={() => window.print()}>
              {t('people.print')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => download(`citizen-access-report-${localDate()}.html`, report.html!, 'text/html;charset=utf-8')}
            >
              {t('people.saveHtml')}
            </button>
          </div>
          <div className="citizen-report" lang="zh-CN" dangerouslySetInnerHTML={{ __html: body }} />
        </section>
      )}
    </>
  );
}
