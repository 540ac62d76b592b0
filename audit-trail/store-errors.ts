/**
 * Whether the database refused a write because of what one of its rows holds (SQLSTATE class 22,
 * data exception; 23, a constraint; 54, a limit such as an index entry too large), as opposed to the
 * database being unreachable, failing or dropping the connection. Only the first is worth splitting
 * a batch for; the second fails every record alike.
 *
 * A duplicate chain position is not about a row: the head row (audit_head) and the stored trail
 * disagree, which splitting the batch cannot mend, so it counts as a store failure.
 */
export function isRecordSpecific(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string' || !/^(22|23|54)/.test(code)) return false;
  return !(code === '23505' && typeof constraint === 'string' && /^audit_(record|checkpoint)_(pkey|hash_key)$/.test(constraint));
}
