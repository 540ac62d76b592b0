/** Calendar dates travel as ISO strings (YYYY-MM-DD): no time zone can shift a birth date. */
export function isoDate(value: Date | null | undefined): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}
