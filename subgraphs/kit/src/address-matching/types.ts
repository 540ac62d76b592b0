/** The shapes the matching engine takes and gives; the GraphQL types mirror them. */

/**
 * The columns of a standard address the index needs (the address table's row). A type, not an
 * interface, so that it is a record of fields like the Prisma rows it stands in for (history reads it as one).
 */
export type AddressRecord = {
  code: string;
  province: string;
  city: string;
  district: string;
  town: string;
  community: string;
  road: string;
  doorNumber: string;
  fullText: string;
  longitude: number;
  latitude: number;
  gridCode: string;
};

export interface GeoPoint {
  longitude: number;
  latitude: number;
}

export type AddressComponent = 'PROVINCE' | 'CITY' | 'TOWN' | 'COMMUNITY' | 'ROAD' | 'DOOR_NUMBER';

export interface SearchOptions {
  near?: GeoPoint;
  first?: number;
  /** Grid-code prefixes the caller may see (null or absent: all). */
  prefixes?: string[] | null;
  /** Whether an address in this grid may be considered (a caller's jurisdiction as a rule). */
  within?: (gridCode: string) => boolean;
}

/** The parts of the text as written (numbers as digits). */
export interface Understood {
  province: string | null;
  city: string | null;
  town: string | null;
  community: string | null;
  villageGroup: string | null;
  road: string | null;
  doorNumber: string | null;
  buildingName: string | null;
  building: string | null;
  unit: string | null;
  floor: string | null;
  room: string | null;
  unparsed: string | null;
}

export interface Candidate {
  row: AddressRecord;
  score: number;
  /** Components the text names as this address has them. */
  agreed: AddressComponent[];
  /** …in a short, variant or misspelt form. */
  approximate: AddressComponent[];
  /** …differently. */
  disagreed: AddressComponent[];
  distanceMeters: number | null;
}

export interface SearchOutcome {
  understood: Understood;
  candidates: Candidate[];
  /** How many addresses were scored (before `first`). */
  considered: number;
}

export type MatchStatus = 'MATCHED' | 'AMBIGUOUS' | 'UNMATCHED';

export interface MatchOutcome {
  status: MatchStatus;
  address: AddressRecord | null;
  score: number;
  understood: Understood;
  candidates: Candidate[];
}
