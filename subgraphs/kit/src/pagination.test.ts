import { encodeCursor, parsePageRequest, toConnection } from './pagination';

describe('page requests', () => {
  it('defaults to 50 and accepts a cursor this API issued', () => {
    expect(parsePageRequest({})).toEqual({ take: 50 });
    expect(parsePageRequest({ first: 10, after: encodeCursor('P000000042') })).toEqual({ take: 10, afterKey: 'P000000042' });
  });

  it.each([0, -1, 501, 1.5])('refuses first = %p', (first) => {
    expect(() => parsePageRequest({ first })).toThrow(/first must be between 1 and 500/);
  });

  it.each(['', 'abc', Buffer.from('P1').toString('base64url'), '!!!', encodeCursor('').slice(0, 4)])('refuses the cursor %p', (after) => {
    expect(() => parsePageRequest({ after })).toThrow(/not a cursor issued by this API/);
  });

  it('builds a connection from take + 1 rows and counts only when asked', async () => {
    let counted = 0;
    const rows = ['a', 'b', 'c'];
    const connection = toConnection(
      rows,
      { take: 2 },
      (r) => r,
      (r) => ({ id: r }),
      async () => ++counted,
    );
    expect(connection.edges.map((e) => e.node.id)).toEqual(['a', 'b']);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('b') });
    expect(counted).toBe(0);
    expect(await connection.totalCount()).toBe(1);
    expect(await connection.totalCount()).toBe(1);
  });
});
