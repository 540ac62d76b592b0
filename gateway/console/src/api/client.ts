/**
 * The console's only ways to the server: POST /graphql and GET /console/api/*, always with the
 * auditor's own token. Errors are classified so pages can say what happened in words.
 */
export type ApiErrorKind = 'expired' | 'unauthenticated' | 'forbidden' | 'bad-input' | 'unavailable' | 'network' | 'unsupported' | 'other';

interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; reason?: string; contract?: string; argument?: string; [key: string]: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
    /** For `unsupported`: the field this gateway does not have. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The audit office's contract is the one the console is written against. */
const AUDITOR_CONTRACT = 'audit-office';

export function classifyError(status: number | undefined, error: GraphQLErrorBody | undefined, fallback: string): ApiError {
  const code = error?.extensions?.code;
  const message = error?.message ?? fallback;
  const reason = String(error?.extensions?.reason ?? '');
  if (status === 401 || code === 'UNAUTHENTICATED') {
    return new ApiError(/expired/i.test(reason || message) ? 'expired' : 'unauthenticated', reason || message, status, code);
  }
  if (status === 403 || code === 'FORBIDDEN') return new ApiError('forbidden', message, status, code);
  if (code === 'GRAPHQL_VALIDATION_FAILED') {
    const contract = error?.extensions?.contract;
    // Another department's contract has no audit fields at all: for its token they do not exist.
    if (typeof contract === 'string' && contract !== AUDITOR_CONTRACT) return new ApiError('forbidden', message, status, code);
    const missing = /Cannot query field "(\w+)" on type "Query"/.exec(message);
    if (missing) return new ApiError('unsupported', message, status, code, missing[1]);
  }
  if (code === 'BAD_USER_INPUT') return new ApiError('bad-input', message, status, code);
  if (code === 'SUBGRAPH_UNAVAILABLE' || code === 'AUDIT_UNAVAILABLE' || status === 502 || status === 503) {
    return new ApiError('unavailable', message, status, code);
  }
  return new ApiError('other', message, status, code);
}

export interface GraphQLAnswer<T> {
  data: T;
  /** Errors that came with data (a part the policy or a subgraph left out). */
  partialErrors: string[];
}

export async function graphql<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer<T>> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${token}`,
        'apollographql-client-name': 'gridshare-console',
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ApiError('network', (error as Error).message);
  }
  let body: { data?: T | null; errors?: GraphQLErrorBody[] };
  try {
    body = await response.json();
  } catch {
    throw classifyError(response.status, undefined, `the gateway answered ${response.status} without JSON`);
  }
  if (!body.data || !response.ok) throw classifyError(response.status, body.errors?.[0], `HTTP ${response.status}`);
  const nullRoot = body.errors?.find((e) => e.path?.length === 1);
  if (nullRoot && Object.values(body.data as object).every((v) => v === null)) throw classifyError(response.status, nullRoot, nullRoot.message);
  return { data: body.data, partialErrors: (body.errors ?? []).map((e) => e.message) };
}

export async function getJson<T>(path: string, token?: string, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  } catch (error) {
    throw new ApiError('network', (error as Error).message);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error: GraphQLErrorBody | undefined = body.errors?.[0] ?? (body.error ? { message: body.error } : undefined);
    throw classifyError(response.status, error, `HTTP ${response.status}`);
  }
  return body as T;
}
