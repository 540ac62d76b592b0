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

export class AddressBatches {
  private readonly known = new Map<string, MatchAnswer>();

  constructor(private readonly gateway: GatewayClient) {}

  async match(texts: (string | null)[]): Promise<(MatchAnswer | null)[]> {
    const wanted = [...new Set(texts.filter((t): t is string => t !== null && !this.known.has(t)))];
    for (let i = 0; i < wanted.length; i += PER_REQUEST) {
      const batch = wanted.slice(i, i + PER_REQUEST);
      const variables = Object.fromEntries(batch.map((t, k) => [`t${k}`, t]));
      const query = `query (${batch.map((_, k) => `$t${k}: String!`).join(', ')}) { ${batch.map((_, k) => `m${k}: addressMatch(text: $t${k}) { status address { code } understood { building unit room } }`).join(' ')} }`;
      type Answer = { status: MatchAnswer['status']; address: { code: string } | null; understood: { building: string | null; unit: string | null; room: string | null } | null };
      const data = await this.gateway.request<Record<string, Answer>>(query, variables);
      // A bounded memory: an import of millions of distinct addresses must not keep them all.
      if (this.known.size + batch.length > REMEMBERED) this.known.clear();
      batch.forEach((t, k) => {
        const answer = data[`m${k}`]!;
        this.known.set(t, { status: answer.status, code: answer.address?.code ?? null, building: answer.understood?.building ?? null, unit: answer.understood?.unit ?? null, room: answer.understood?.room ?? null });
      });
    }
    return texts.map((t) => (t === null ? null : this.known.get(t) ?? null));
  }
}
