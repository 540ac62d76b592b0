/**
 * How the evidence of each component adds up to a candidate's score (0-1), and how a score becomes a
 * decision. Factors multiply: every component the text names either agrees (≈1), is not written
 * (slightly below 1, so a text that names more of the address scores higher), or disagrees (a
 * strong penalty, because a wrong automatic match is worse than none).
 */

export const FACTORS = {
  /** A component the text does not name. */
  unstated: 0.97,
  /** The text names another town / community than this candidate's. */
  townDisagrees: 0.55,
  communityDisagrees: 0.6,
  /** …but only in a misspelt form, which may be a misreading of ours. */
  typoDisagrees: 0.8,
  /** No door number in the text: the text may mean any address on the road. */
  doorUnstated: 0.5,
  /** No road recognized: a community and a door number (村 addresses written by village group). */
  roadUnstated: 0.6,
  /** The text names a road that exists exactly, and this candidate is only a variant or misspelling of it. */
  exactRoadElsewhere: 0.75,
  /** The text starts with another province or city. */
  elsewhere: 0.3,
} as const;

export const DECISION = {
  /** A MATCHED address scores at least this… */
  accept: 0.8,
  /** …and at least this much more than the next candidate. */
  margin: 0.08,
  /** Below this a candidate is not worth showing a person. */
  floor: 0.45,
  /** AMBIGUOUS lists candidates within this of the best, at most `choices`. */
  spread: 0.25,
  choices: 5,
} as const;

/** Agreement of a named component given the quality (1 exact … 0.8) with which the text named it. */
export function agreement(quality: number): number {
  return 1 - 0.3 * (1 - quality);
}

/**
 * Distance from `near` as a factor: no penalty within 300 m (a phone's fix and a building's
 * extent), then a little for each doubling, never below 0.75 so that a far but well-written
 * address still outranks a near but badly matched one.
 */
export function nearness(meters: number): number {
  if (meters <= 300) return 1;
  return Math.max(0.75, 1 - 0.08 * Math.log2(meters / 300));
}

const EARTH_RADIUS_METERS = 6_371_000;

export function distanceMeters(a: { longitude: number; latitude: number }, b: { longitude: number; latitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}
