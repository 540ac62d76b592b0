import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from './logger';
import { databaseUnavailable, ErrorCode, fromPrismaError, isDatabaseUnreachable, isDeliberate } from './errors';

/**
 * Only deliberate GraphQLErrors reach clients; anything else (a bug, a driver error carrying SQL and
 * values) is logged in full and replaced by INTERNAL_SERVER_ERROR, so no stack trace or row leaks. A
 * database that cannot be reached is SERVICE_UNAVAILABLE instead: the caller's cue to try again.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const prismaError = fromPrismaError(original);
    if (prismaError) return { ...formatted, message: prismaError.message, extensions: { ...prismaError.extensions } };
    const code = formatted.extensions?.code;
    if (!(original instanceof GraphQLError) && isDatabaseUnreachable(original)) {
      // Logged once per answer, not in full: an outage makes thousands of these.
      logger.warn({ event: 'database.unavailable', path: formatted.path, err: { message: (original as Error)?.message } }, 'database unavailable');
      const refusal = databaseUnavailable();
      return { message: refusal.message, path: formatted.path, locations: formatted.locations, extensions: { ...refusal.extensions } };
    }
    if (original instanceof GraphQLError || !(original instanceof Error) || original === error) {
      if (isDeliberate(code)) return withoutStacktrace(formatted);
    }
    logger.error({ event: 'error.unexpected', err: original, path: formatted.path, code }, 'unexpected error masked as INTERNAL_SERVER_ERROR');
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function withoutStacktrace(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions)) return formatted;
  const { stacktrace: _dropped, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
