import type { IncomingMessage } from 'node:http';
import type { Caller } from '../../subgraphs/kit/src/caller-token';

/**
 * Who is calling. Until department tokens are verified here (the access-policy work), every caller is
 * the anonymous city-level reader, which subgraphs still only see through a token the gateway signed.
 */
export type Authenticator = (request: IncomingMessage) => Promise<Caller>;

export const ANONYMOUS_CALLER: Caller = Object.freeze({
  user: 'anonymous',
  department: 'anonymous',
  level: 'city',
  jurisdiction: [],
}) as Caller;

export const anonymousAuthenticator: Authenticator = async () => ANONYMOUS_CALLER;
