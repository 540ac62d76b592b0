import { lazy, Suspense } from 'react';
import { Spinner } from '../components/status';

// GraphiQL is most of the console's weight: loaded only when the explorer is opened.
const ExplorerPage = lazy(() => import('./explorer'));

export function Explorer() {
  return (
    <Suspense fallback={<Spinner />}>
      <ExplorerPage />
    </Suspense>
  );
}
