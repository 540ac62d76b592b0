import { createContext, ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { TypedQuery } from './api/queries';
import { ApiError, getJson, graphql, GraphQLAnswer } from './api/client';
import type { DepartmentInfo, MatrixJson, NameLabels } from './api/matrix';

/** What the console shows of a token: read from its payload, trusted only because the gateway checks it. */
export interface Claims {
  department: string;
  user: string;
  expiresAt?: number;
}

export interface Session extends Claims {
  token: string;
}

const STORAGE_KEY = 'gridshare.console.session';

/** Reads a JWT's payload without verifying it: for display only; every request is verified by the gateway. */
export function readClaims(token: string): Claims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json = atob(
      parts[1]
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(parts[1].length / 4) * 4, '='),
    );
    const payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
    if (typeof payload !== 'object' || payload === null) return undefined;
    return {
      department: typeof payload.department === 'string' ? payload.department : '?',
      user: typeof payload.sub === 'string' ? payload.sub : '?',
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
    };
  } catch {
    return undefined;
  }
}

function storedSession(): Session | undefined {
  // Session storage: the token leaves with the tab, and is never written to disk by the console.
  const token = sessionStorage.getItem(STORAGE_KEY);
  if (!token) return undefined;
  const claims = readClaims(token);
  if (!claims || (claims.expiresAt !== undefined && claims.expiresAt <= Date.now())) {
    sessionStorage.removeItem(STORAGE_KEY);
    return undefined;
  }
  return { token, ...claims };
}

interface SessionContextValue {
  session: Session | undefined;
  /** Why the last session ended, shown on the sign-in page. */
  endedBecause: 'expired' | undefined;
  signIn(session: Session): void;
  signOut(reason?: 'expired'): void;
  /** GraphQL as the signed-in auditor; an expired token signs out. */
  /** Result and variables are the operation's generated types (api/queries.ts). */
  query<Result, Variables>(query: TypedQuery<Result, Variables>, variables?: Variables): Promise<GraphQLAnswer<Result>>;
  departments: DepartmentInfo[];
  setDepartments(departments: DepartmentInfo[]): void;
  /** Purposes' and fields' names (access-policies/labels.yaml), once the matrix has come. */
  labels: NameLabels | undefined;
  setLabels(labels: NameLabels | undefined): void;
  matrix(): Promise<MatrixJson>;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(storedSession);
  const [endedBecause, setEndedBecause] = useState<'expired' | undefined>();
  const [departments, setDepartments] = useState<DepartmentInfo[]>([]);
  const [labels, setLabels] = useState<NameLabels>();
  // The matrix is the same for the whole session: fetched once, shared by every page.
  const matrixCache = useRef<Promise<MatrixJson> | undefined>(undefined);

  const signIn = useCallback((next: Session) => {
    sessionStorage.setItem(STORAGE_KEY, next.token);
    setEndedBecause(undefined);
    matrixCache.current = undefined;
    setSession(next);
  }, []);
  const signOut = useCallback((reason?: 'expired') => {
    sessionStorage.removeItem(STORAGE_KEY);
    setEndedBecause(reason);
    matrixCache.current = undefined;
    setSession(undefined);
  }, []);
  const guard = useCallback(
    async <T,>(work: () => Promise<T>): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'expired') signOut('expired');
        throw error;
      }
    },
    [signOut],
  );
  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      endedBecause,
      signIn,
      signOut,
      departments,
      setDepartments,
      labels,
      setLabels,
      query: <Result, Variables>(query: TypedQuery<Result, Variables>, variables?: Variables) => {
        if (!session) return Promise.reject(new ApiError('unauthenticated', 'not signed in'));
        return guard(() => graphql<Result>(session.token, query, variables as Record<string, unknown> | undefined));
      },
      matrix: () => {
        if (!session) return Promise.reject(new ApiError('unauthenticated', 'not signed in'));
        if (!matrixCache.current) {
          const promise = guard(() => getJson<MatrixJson>('/console/api/matrix.json', session.token));
          promise.catch(() => {
            if (matrixCache.current === promise) matrixCache.current = undefined;
          });
          matrixCache.current = promise;
        }
        return matrixCache.current;
      },
    }),
    [session, endedBecause, signIn, signOut, departments, labels, guard],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
