import { GraphQLError } from 'graphql';

/** Every error code a client can receive, declared in one place. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that Apollo Server itself produces for malformed requests; safe to show as they are. */
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const DELIBERATE_CODES = new Set<string>([...Object.values(ErrorCode), ...APOLLO_REQUEST_CODES]);

export function badUserInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions } });
}

export function unauthenticated(reason: string): GraphQLError {
  return new GraphQLError(`Unauthenticated: ${reason}`, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, reason, http: { status: 401 } },
  });
}

export function isDeliberate(code: unknown): boolean {
  return typeof code === 'string' && DELIBERATE_CODES.has(code);
}

/** Prisma's known request errors that are the caller's fault, turned into domain errors. */
export function fromPrismaError(error: unknown): GraphQLError | undefined {
  const code = (error as { code?: unknown })?.code;
  if (code === 'P2002') {
    const target = (error as { meta?: { target?: unknown } }).meta?.target;
    return new GraphQLError(`A record with this ${Array.isArray(target) ? target.join(', ') : 'key'} already exists`, {
      extensions: { code: ErrorCode.CONFLICT },
    });
  }
  if (code === 'P2025') return new GraphQLError('The record does not exist', { extensions: { code: ErrorCode.NOT_FOUND } });
  return undefined;
}

/**
 * The database could not be reached or went away mid-statement (a restart, a network cut, a full pool):
 * the caller may try again shortly, and it is not a bug to mask. Prisma and pg wrap the cause in
 * several layers; each is looked at.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown } | undefined, depth = 0;
    e && depth < 6;
    e = e.cause as typeof e, depth++
  ) {
    const code = String(e.code ?? e.originalCode ?? '');
    if (UNREACHABLE_CODES.has(code)) return true;
    if (typeof e.message === 'string' && UNREACHABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** Prisma's can't-reach/closed/pool-timeout, Node's socket errors, PostgreSQL's shutdown and connection classes. */
const UNREACHABLE_CODES = new Set([
  'P1001',
  'P1002',
  'P1017',
  'P2024',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
const UNREACHABLE_MESSAGES =
  /ECONNREFUSED|Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection due to administrator command|Can't reach database server|Server has closed the connection/i;

export function databaseUnavailable(): GraphQLError {
  return new GraphQLError('The database is unavailable; send the request again shortly', {
    extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, reason: 'DATABASE_UNAVAILABLE' },
  });
}

/** FORBIDDEN with a reason code (policy refusals name theirs: OUT_OF_JURISDICTION, SELF_REVIEW, …). */
export function forbidden(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, ...extensions } });
}

/** A stale version or a reused idempotency key: the caller must read again. */
export function conflict(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT, ...extensions } });
}

/** Something the request needs could not be reached (another register through the gateway): refused, never done unchecked. */
export function serviceUnavailable(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, ...extensions } });
}

export function notFound(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND, ...extensions } });
}
