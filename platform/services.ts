/** Every service of the federation, its default port and the department that owns its data. */
export const SUBGRAPHS = [
  { name: 'address', port: 4001, owner: 'grid-command' },
  { name: 'population', port: 4002, owner: 'public-security' },
  { name: 'housing', port: 4003, owner: 'housing' },
  { name: 'legal-entities', port: 4004, owner: 'market-regulation' },
  { name: 'events', port: 4005, owner: 'grid-command' },
  { name: 'audit', port: 4006, owner: 'audit-office' },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];
export const GATEWAY_PORT = 4000;

export function isSubgraphName(value: string): value is SubgraphName {
  return SUBGRAPHS.some((s) => s.name === value);
}

/** `legal-entities` → `LEGAL_ENTITIES`, the stem of its environment variables. */
export function envStem(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}
