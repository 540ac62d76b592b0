/** One thing `audit verify` found wrong, located as precisely as the trail allows. */
export interface TrailProblem {
  seq?: number;
  requestId?: string;
  where: string;
  problem: string;
}
