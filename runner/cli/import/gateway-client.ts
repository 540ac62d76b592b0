/** The gateway as the import sees it: one POST per operation with the department token and purpose. */

export class GatewayError extends Error {}

export class GatewayClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly purpose: string,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, 'x-purpose': this.purpose, 'x-client-name': 'gridshare-import' },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new GatewayError(`cannot reach the gateway at ${this.url}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new GatewayError(`the gateway answered ${response.status} without GraphQL: ${text.slice(0, 200)}`);
    }
    if (body.errors?.length) {
      const first = body.errors[0]!;
      throw new GatewayError(`the gateway refused (${first.extensions?.code ?? response.status}): ${first.message}`);
    }
    if (!body.data) throw new GatewayError(`the gateway answered ${response.status} without data`);
    return body.data;
  }
}
