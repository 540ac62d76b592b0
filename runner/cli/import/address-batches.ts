import { GatewayClient, GatewayError } from './gateway-client';

/**
 * Free-text addresses matched through the gateway's addressMatchMany, as any caller's are: policy
 * checked (only addresses in the caller's jurisdiction are candidates) and audited (the text kept
 * as its length and keyed digest). A page's new texts in one request (before: 20 addressMatch
 * aliases a request, the import's main cost after its commits), the same text asked once per import
 * (registers repeat addresses: a building's residents). A text the matcher would refuse (over 200
 * characters) is unmatched without asking: the row is rejected for its address, not the page.
 */

export interface MatchAnswer {
  status: 'MATCHED' | 'AMBIGUOUS' | 'UNMATCHED';
  code: string | null;
  /** Where in the building, as the text said it (a house register finds the house by them). */
  building: string | null;
  unit: string | null;
  room: string | null;
}

const PER_REQUEST = 500;
const REMEMBERED = 50_000;
const IN_FLIGHT = 2;
const TEXT_MAX = 200;
const UNMATCHED: MatchAnswer = { status: 'UNMATCHED', code: null, building: null, unit: null, room: null };

export class AddressBatches {
  private readonly known = new Map<string, MatchAnswer>();

  constructor(private readonly gateway: GatewayClient) {}

  private async ask(batch: string[], page: Map<string, MatchAnswer>): Promise<void> {
    const query = `query ($texts: [String!]!) { matches: addressMatchMany(texts: $texts) { status address { code } understood { building unit room } } }`;
    type Answer = {
      status: MatchAnswer['status'];
      address: { code: string } | null;
      understood: { building: string | null; unit: string | null; room: string | null } | null;
    };
    const { matches } = await this.gateway.request<{ matches: Answer[] }>(query, { texts: batch });
    if (!Array.isArray(matches) || matches.length !== batch.length)
      throw new GatewayError(`addressMatchMany answered ${matches?.length ?? 0} matches for ${batch.length} addresses`);
    // A bounded memory: an import of millions of distinct addresses must not keep them all.
    if (this.known.size + batch.length > REMEMBERED) this.known.clear();
    batch.forEach((t, k) => {
      const answer = matches[k]!;
      const match = {
        status: answer.status,
        code: answer.address?.code ?? null,
        building: answer.understood?.building ?? null,
        unit: answer.understood?.unit ?? null,
        room: answer.understood?.room ?? null,
      };
      this.known.set(t, match);
      page.set(t, match);
    });
  }

  async match(texts: (string | null)[]): Promise<(MatchAnswer | null)[]> {
    // This page's answers are kept apart from the bounded cache, which may be cleared while the page is asked.
    const page = new Map<string, MatchAnswer>();
    for (const t of texts) {
      if (t !== null && this.known.has(t)) page.set(t, this.known.get(t)!);
      else if (t !== null && (t.trim() === '' || [...t.trim()].length > TEXT_MAX)) page.set(t, UNMATCHED);
    }
    const wanted = [...new Set(texts.filter((t): t is string => t !== null && !page.has(t)))];
    const batches: string[][] = [];
    for (let i = 0; i < wanted.length; i += PER_REQUEST) batches.push(wanted.slice(i, i + PER_REQUEST));
    // A few requests in flight: the gateway and the address subgraph work on one while the next travels.
    let next = 0;
    const worker = async () => {
      while (next < batches.length) await this.ask(batches[next++]!, page);
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, batches.length) }, worker));
    return texts.map((t) => (t === null ? null : (page.get(t) ?? null)));
  }
}
