import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable } from '@prisma/driver-adapter-utils';

/**
 * Counts every statement Prisma sends, at the driver-adapter boundary: below Prisma's own batching
 * (one findMany may be several statements) and above the wire, so the figure is the same on PGlite
 * and PostgreSQL. This is what the N+1 test and the benchmark read.
 */
export function countingAdapterFactory(inner: SqlDriverAdapterFactory, count: (kind: 'query' | 'execute' | 'script') => void): SqlDriverAdapterFactory {
  const wrapQueryable = <T extends SqlQueryable>(target: T): T => {
    const queryRaw = target.queryRaw.bind(target);
    const executeRaw = target.executeRaw.bind(target);
    target.queryRaw = (query) => {
      count('query');
      return queryRaw(query);
    };
    target.executeRaw = (query) => {
      count('execute');
      return executeRaw(query);
    };
    return target;
  };
  return {
    adapterName: inner.adapterName,
    provider: inner.provider,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = wrapQueryable(await inner.connect());
      const executeScript = adapter.executeScript.bind(adapter);
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.executeScript = (script) => {
        count('script');
        return executeScript(script);
      };
      adapter.startTransaction = async (isolationLevel) => wrapQueryable(await startTransaction(isolationLevel));
      return adapter;
    },
  };
}
