/**
 * The Prisma `where` for "under this grid, and inside the caller's jurisdiction": both are grid-code
 * prefixes, so a list is limited in SQL and its pages and totalCount count only visible rows.
 */
export function gridScopedWhere(requestedPrefix: string, jurisdiction: string[] | null): { gridCode: { startsWith: string } } | { AND: object[] } {
  const requested = { gridCode: { startsWith: requestedPrefix } };
  if (jurisdiction === null) return requested;
  // A jurisdiction prefix inside the requested one narrows it; one containing it leaves it as is.
  const narrowed = jurisdiction.filter((p) => p.startsWith(requestedPrefix) || requestedPrefix.startsWith(p));
  if (narrowed.length === 0) return { AND: [requested, { gridCode: { in: [] } }] };
  return { AND: [requested, { OR: narrowed.map((p) => ({ gridCode: { startsWith: p } })) }] };
}
