/*
 * What the gateway and the subgraphs agree on over the wire, declared once for both sides.
 */

/** The response extension that carries a subgraph's record-level access report to the gateway. */
export const ACCESS_REPORT_EXTENSION = 'gridshareAccess';

/**
 * The largest page a list serves; subgraphs refuse larger `first`, and the gateway reserves daily
 * quotas from it as a page's worst case.
 */
export const MAX_PAGE_SIZE = 500;
