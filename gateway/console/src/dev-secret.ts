import { useEffect, useState } from 'react';

const STORAGE_KEY = 'gridshare.console.devSecret';

/**
 * The development sign-in link (`gridshare start` prints it) carries this run's secret in the
 * fragment: `/console/#dev-secret=…`. It moves into the tab's session storage and out of the
 * address bar, so it is neither bookmarked nor shown; the fragment never reaches a server log.
 */
export function captureDevelopmentSecret(): void {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const secret = params.get('dev-secret');
  if (!secret) return;
  sessionStorage.setItem(STORAGE_KEY, secret);
  params.delete('dev-secret');
  const rest = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`);
}

export function developmentSecret(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}

/** A secret of an earlier run is refused: forget it so that the page asks for the new link. */
export function forgetDevelopmentSecret(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

export const DEVELOPMENT_SECRET_HEADER = 'x-gridshare-dev-secret';

/** The secret, following a sign-in link opened in a tab that already shows the console (a fragment change). */
export function useDevelopmentSecret(): string | undefined {
  const [secret, setSecret] = useState(developmentSecret);
  useEffect(() => {
    const update = () => {
      captureDevelopmentSecret();
      setSecret(developmentSecret());
    };
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return secret;
}
