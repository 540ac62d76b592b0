import { useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  loading: boolean;
  error: unknown;
  data: T | undefined;
}

/**
 * Runs `work` whenever `key` changes (undefined: not yet), keeping only the latest answer, so a slow
 * earlier request never overwrites a newer one.
 */
export function useAsync<T>(work: () => Promise<T>, key: string | undefined): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ loading: key !== undefined, error: undefined, data: undefined });
  const latest = useRef(0);
  const workRef = useRef(work);
  workRef.current = work;
  useEffect(() => {
    if (key === undefined) return;
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    workRef.current().then(
      (data) => ticket === latest.current && setState({ loading: false, error: undefined, data }),
      (error) => ticket === latest.current && setState({ loading: false, error, data: undefined }),
    );
  }, [key]);
  return state;
}
