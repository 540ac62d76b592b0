import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: HMAC-SHA256 with the subscription's secret over `<timestamp>.<body>`, sent as
 * `X-Gridshare-Signature: t=<unix seconds>,v1=<hex>`. Signing the timestamp with the body lets a
 * receiver refuse an old message replayed at it (check that t is recent) as well as a forged one.
 * node:crypto does the HMAC; the header format follows the widely used Stripe scheme.
 */

export const SIGNATURE_HEADER = 'x-gridshare-signature';
export const DELIVERY_HEADER = 'x-gridshare-delivery';
export const TOPIC_HEADER = 'x-gridshare-topic';

export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/**
 * What a receiver runs: true when the header is a valid signature of `body` with `secret`, made
 * within `toleranceSeconds` of `nowSeconds`. Compares in constant time.
 */
export function verifySignature(secret: string, header: string | undefined, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureHeader(secret, timestamp, body).slice(`t=${timestamp},v1=`.length), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}
