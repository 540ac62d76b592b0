import type { KeyObject } from 'node:crypto';
import type { Config } from '../../platform/config';
import type { SubgraphName } from '../../platform/services';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import { gatewayReferenceChecker, ReferenceChecker } from '../../subgraphs/kit/src/records/references';
import { ServiceIdentity, serviceToken } from './service-token';

/**
 * The owners whose writes name records of other registers, and the purpose their reference checks
 * state: their register's own (the first of its writes' purposes in the policy file).
 */
const CHECKING_OWNERS = { population: 'Person', housing: 'House', 'legal-entities': 'LegalEntity' } as const;
type CheckingOwner = keyof typeof CHECKING_OWNERS;

/** Whether a subgraph's writes name other registers' records (and so need a reference checker). */
export const checksReferences = (subgraph: string): subgraph is CheckingOwner => subgraph in CHECKING_OWNERS;

/** A write waits at most this long for the other registers' answer before it is refused. */
const REFERENCE_CHECK_TIMEOUT_MS = 5_000;

export function referenceCheckIdentity(subgraph: CheckingOwner): ServiceIdentity {
  const owner = repositoryPolicies().subgraphs.get(subgraph)!.owner;
  return { department: owner, user: `${subgraph}-reference-check`, role: 'service', level: 'city' };
}

/**
 * The reference checker of an owner subgraph, or undefined for one that names no other register.
 * Also undefined without a token (production without GRIDSHARE_<SUBGRAPH>_SERVICE_TOKEN_FILE): the
 * subgraph then refuses writes that name other registers' records (fail closed).
 */
export function referenceCheckerFor(
  subgraph: SubgraphName,
  config: Config,
  gatewayUrl: () => string,
  developmentIssuerKey?: KeyObject,
): ReferenceChecker | undefined {
  if (!checksReferences(subgraph)) return undefined;
  const name = subgraph;
  const token = serviceToken(config, referenceCheckIdentity(name), config.referenceCheckTokenFiles[name], developmentIssuerKey);
  if (!token) return undefined;
  const purpose = repositoryPolicies().subgraphs.get(name)!.types[CHECKING_OWNERS[name]]!.writes!.purposes[0]!;
  return gatewayReferenceChecker({ gatewayUrl, token, timeoutMs: REFERENCE_CHECK_TIMEOUT_MS, purpose });
}
