import { useEffect, useMemo, useState } from 'react';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { exampleFor } from '../explorer-examples';
import { useI18n } from '../i18n';
import { useSession } from '../session';

interface FetchParams {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

/**
 * GraphiQL on the caller's own contract: every request (introspection included) carries the signed-in
 * token and the chosen purpose, so the schema and docs it shows are the department's contract and
 * every query runs through the policy and onto the audit trail like any other.
 */
export default function ExplorerPage() {
  const { t } = useI18n();
  const { session, matrix } = useSession();
  const example = exampleFor(session!.department);
  const [purposes, setPurposes] = useState<string[]>([]);
  const [purpose, setPurpose] = useState(example.purpose ?? '');

  useEffect(() => {
    matrix().then(
      (m) => setPurposes(m.departments.find((d) => d.id === session!.department)?.purposes ?? []),
      () => setPurposes([]),
    );
  }, [session]);

  // A new fetcher when the purpose changes: GraphiQL then asks for the schema again, which is the same.
  const fetcher = useMemo(
    () => async (params: FetchParams) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${session!.token}`,
          'apollographql-client-name': 'gridshare-explorer',
          ...(purpose ? { 'x-purpose': purpose } : {}),
        },
        body: JSON.stringify({ query: params.query, operationName: params.operationName ?? undefined, variables: params.variables ?? undefined }),
      });
      return response.json();
    },
    [session, purpose],
  );

  return (
    <section className="page explorer" aria-labelledby="explorer-title">
      <h1 id="explorer-title" className="visually-hidden">
        {t('nav.explorer')}
      </h1>
      <div className="filters explorer-bar">
        <div className="field">
          <label htmlFor="explorer-purpose">{t('explorer.purpose')}</label>
          <select id="explorer-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} data-testid="explorer-purpose">
            <option value="">{t('explorer.noPurpose')}</option>
            {[...new Set([...purposes, ...(example.purpose ? [example.purpose] : [])])].map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <p className="hint">{t('explorer.intro')}</p>
      </div>
      <div className="explorer-frame" data-testid="explorer">
        <GraphiQL fetcher={fetcher} defaultQuery={example.query} defaultEditorToolsVisibility={false} shouldPersistHeaders={false} />
      </div>
    </section>
  );
}
