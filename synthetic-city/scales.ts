export type Scale = 'tiny' | 'small' | 'medium' | 'large';

export interface CityOptions {
  scale: Scale;
  /** Only the low 32 bits count. */
  seed: number;
}

export interface ScaleShape {
  towns: number;
  communitiesPerTown: number;
  gridsPerCommunity: number;
  /** City-wide totals; they are met exactly. */
  persons: number;
  legalEntities: number;
}

/**
 * 'large' is shaped after Dongguan (33 towns, 593 communities, 2,958 grids): 33 × 18 × 5 = 2,970 grids of
 * about 670 people each. 'medium' keeps that shape over 10 towns.
 */
export const SCALES: Record<Scale, ScaleShape> = {
  tiny: { towns: 1, communitiesPerTown: 2, gridsPerCommunity: 3, persons: 600, legalEntities: 60 },
  small: { towns: 1, communitiesPerTown: 10, gridsPerCommunity: 6, persons: 20_000, legalEntities: 2_000 },
  medium: { towns: 10, communitiesPerTown: 18, gridsPerCommunity: 5, persons: 200_000, legalEntities: 20_000 },
  large: { towns: 33, communitiesPerTown: 18, gridsPerCommunity: 5, persons: 2_000_000, legalEntities: 200_000 },
};
