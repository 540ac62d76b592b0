/** Instants travel as ISO 8601 strings in UTC. */
export function isoInstant(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}
