import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context';

/** How many of the affected rows' paths an error keeps, so a client can still point at some. */
const PATHS_KEPT = 3;

/**
 * One error per field and reason, not one per row: a field denied or purpose-gated in a 500-row page
 * would otherwise send 500 identical errors. Errors that differ only in the list indices of their
 * path (and say the same thing, with the same code and reason) become one, with `extensions.rows`
 * counting them and `extensions.paths` holding the first few paths. The audit record is built from
 * the errors as the subgraphs sent them (the audit plugin runs first); this changes only the answer.
 */
export function rowErrorsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors || errors.length < 2) return;
          // A new array: the audit plugin may still hold the one it read.
          response.body.singleResult.errors = collapseRowErrors(errors);
        },
      };
    },
  };
}

export function collapseRowErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const groups = new Map<string, { first: GraphQLFormattedError; paths: (string | number)[][] }>();
  const out: (GraphQLFormattedError | string)[] = [];
  for (const error of errors) {
    if (!error.path?.some((p) => typeof p === 'number')) {
      out.push(error);
      continue;
    }
    const pattern = error.path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
    const key = JSON.stringify([pattern, error.message, error.extensions?.code ?? null, error.extensions?.reason ?? null]);
    const group = groups.get(key);
    if (group) group.paths.push([...error.path]);
    else {
      groups.set(key, { first: error, paths: [[...error.path]] });
      out.push(key);
    }
  }
  return out.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const { first, paths } = groups.get(entry)!;
    if (paths.length === 1) return first;
    return { ...first, extensions: { ...first.extensions, rows: paths.length, paths: paths.slice(0, PATHS_KEPT) } };
  });
}
