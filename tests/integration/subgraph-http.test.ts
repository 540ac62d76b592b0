import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SubgraphHttpClient, SubgraphTimeoutError } from '../../gateway/src/subgraph-http';

/**
 * The gateway's keep-alive client against a subgraph that misbehaves as real ones do: one that
 * closes the connection halfway through an answer, one that stalls, and connections reused between
 * requests. The data source turns its rejections into an error naming the subgraph.
 */
describe('the keep-alive subgraph client', () => {
  let server: http.Server;
  let url: URL;
  const connections: unknown[] = [];
  let behave: (request: http.IncomingMessage, response: http.ServerResponse) => void;
  const client = new SubgraphHttpClient();

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => behave(request, response));
    });
    server.on('connection', (socket) => connections.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
  });

  afterAll(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const answerWhole = (_request: http.IncomingMessage, response: http.ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"data":{"ok":true}}');
  };

  it('sends requests one after another over one kept-alive connection', async () => {
    behave = answerWhole;
    const before = connections.length;
    for (let i = 0; i < 3; i++) await expect(client.post(url, { 'content-type': 'application/json' }, '{}', 5_000)).resolves.toMatchObject({ status: 200 });
    expect(connections.length - before).toBe(1);
  });

  it('rejects an answer cut off mid-body as a reset connection, never resolving it short', async () => {
    behave = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"data":{"person":{"idNumber"', () => response.socket?.destroy());
    };
    await expect(client.post(url, {}, '{}', 5_000)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('rejects a stalled answer at its deadline and answers the next request on a fresh connection', async () => {
    const stalled: http.ServerResponse[] = [];
    behave = (_request, response) => void stalled.push(response);
    const started = Date.now();
    await expect(client.post(url, {}, '{}', 300)).rejects.toBeInstanceOf(SubgraphTimeoutError);
    expect(Date.now() - started).toBeLessThan(300 + 2_000);
    behave = answerWhole;
    await expect(client.post(url, {}, '{}', 5_000)).resolves.toMatchObject({ status: 200, text: '{"data":{"ok":true}}' });
    for (const response of stalled) response.destroy();
  });
});
