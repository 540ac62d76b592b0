import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlQueryable } from '@prisma/driver-adapter-utils';

/**
 * PGlite binds a JavaScript array to a parameter only when it knows the parameter's type is an array;
 * an array of one of our enums (`tags @> $1::"PersonTag"[]`) has a type of its own, so PGlite sends
 * the array's String() ("ELDERLY_ALONE") and PostgreSQL refuses it as a malformed array literal.
 * pglite-prisma-adapter 0.7.2 passes such arrays through as they are; this writes them as the
 * array literal PostgreSQL parses for any array type ({"A","B"}). node-postgres does the same itself.
 */
export function pgliteEnumArrays(inner: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const fix = (query: SqlQuery): SqlQuery => {
    if (!query.args.some((arg, i) => Array.isArray(arg) && query.argTypes[i]?.scalarType === 'enum')) return query;
    return { ...query, args: query.args.map((arg, i) => (Array.isArray(arg) && query.argTypes[i]?.scalarType === 'enum' ? arrayLiteral(arg) : arg)) };
  };
  const wrap = <T extends SqlQueryable>(target: T): T => {
    const queryRaw = target.queryRaw.bind(target);
    const executeRaw = target.executeRaw.bind(target);
    target.queryRaw = (query) => queryRaw(fix(query));
    target.executeRaw = (query) => executeRaw(fix(query));
    return target;
  };
  return {
    adapterName: inner.adapterName,
    provider: inner.provider,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = wrap(await inner.connect());
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => wrap(await startTransaction(isolationLevel));
      return adapter;
    },
  };
}

function arrayLiteral(values: unknown[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}
