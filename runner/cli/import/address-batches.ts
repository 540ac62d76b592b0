import type { GatewayClient } from './gateway-client';

/**
 * Free-text addresses matched through the gateway's addressMatch, as any caller's are: policy
 * checked (only addresses in the caller's jurisdiction are candidates) and audited (the text kept
 * as its length and keyed digest). Up to 20 texts per request (the gateway's alias limit), the
 * same text asked once per import (registers repeat addresses: a building's residents).
 */

export interface MatchAnswer {
  status: 'MATCHED' | 'AMBIGUOUS' | 'UNMATCHED';
  code: string | null;
  /** Where in the building, as the text said it (a house register finds the house by them). */
  building: string | null;
  unit: string | null;
  room: string | null;
}

const PER_REQUEST = 20;
const REMEMBERED = 50_000;
const IN_FLIGHT = 4;

export class AddressBatches {
  private readonly known = new Map<string, MatchAnswer>();

  constructor(private readonly gateway: GatewayClient) {}

  private async ask(batch: string[], page: Map<string, MatchAnswer>): Promise<void> {
    const variables = Object.fromEntries(batch.map((t, k) => [`t${k}`, t]));
    const query = `query (${batch.map((_, k) => `$t${k}: String!`).join(', ')}) { ${batch.map((_, k) => `m${k}: addressMatch(text: $t${k}) { status address { code } understood { building unit room } }`).join(' ')} }`;
    type Answer = { status: MatchAnswer['status']; address: { code: string } | null; understood: { building: string | null; unit: string | null; room: string | null } | null };
    const data = await this.gateway.request<Record<string, Answer>>(query, variables);
    // A bounded memory: an import of millions of distinct addresses must not keep them all.
    if (this.known.size + batch.length > REMEMBERED) this.known.clear();
    batch.forEach((t, k) => {
      const answer = data[`m${k}`]!;
      const match = { status: answer.status, code: answer.address?.code ?? null, building: answer.understood?.building ?? null, unit: answer.understood?.unit ?? null, room: answer.understood?.room ?? null };
      this.known.set(t, match);
      page.set(t, match);
    });
  }

  async match(texts: (string | null)[]): Promise<(MatchAnswer | null)[]> {
    // This page's answers are kept apart from the bounded cache, which may be cleared while the page is asked.
    const page = new Map<string, MatchAnswer>();
    for (const t of texts) if (t !== null && this.known.has(t)) page.set(t, this.known.get(t)!);
    const wanted = [...new Set(texts.filter((t): t is string => t !== null && !page.has(t)))];
    const batches: string[][] = [];
    for (let i = 0; i < wanted.length; i += PER_REQUEST) batches.push(wanted.slice(i, i + PER_REQUEST));
    // A few requests in flight: the gateway and the address subgraph work on one while the next travels.
    let next = 0;
    const worker = async () => {
      while (next < batches.length) await this.ask(batches[next++]!, page);
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, batches.length) }, worker));
    return texts.map((t) => (t === null ? null : page.get(t) ?? null));
  }
}
