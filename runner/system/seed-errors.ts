/**
 * Refused at start: a subgraph holds part of the synthetic city, as an interrupted seed of an earlier
 * release left it. Its own module: the CLI recognises it without loading the seed's code.
 */
export class PartialCityError extends Error {}
