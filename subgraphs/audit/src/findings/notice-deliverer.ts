import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../../platform/logger';
import { backoffMs, MAX_ATTEMPTS } from '../../../kit/src/webhooks/retry';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signatureHeader, TOPIC_HEADER } from '../../../kit/src/webhooks/signature';
import type { AuditPrisma } from '../prisma';

interface Claimed {
  id: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Sends the finding notices the outbox holds, as the events subgraph sends its notifications (the
 * kit's signature and back-off): each notice with its id and an HMAC signature; 2xx marks it
 * DELIVERED, anything else retries with back-off until MAX_ATTEMPTS, then FAILED. Claimed with a
 * lease (FOR UPDATE SKIP LOCKED) so two instances never send one notice at once. Its own small
 * loop rather than the events deliverer: that one is written against the events database's tables.
 */
export class FindingNoticeDeliverer {
  private readonly instance = randomUUID();
  private running: Promise<number> | undefined;

  constructor(
    private readonly prisma: AuditPrisma,
    private readonly now: () => Date,
    private readonly logger?: Logger,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Sends everything due now; resolves with how many were attempted. */
  deliverDue(): Promise<number> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return attempted;
      await Promise.all(claimed.map((notice) => this.send(notice)));
      attempted += claimed.length;
    }
  }

  private claim(): Promise<Claimed[]> {
    const now = this.now().toISOString();
    const leaseUntil = new Date(Date.parse(now) + this.timeoutMs + 60_000).toISOString();
    return this.prisma.$queryRaw<Claimed[]>`
      WITH due AS (
        SELECT n.id FROM finding_notice n JOIN finding_subscription s ON s.id = n.subscription_id
         WHERE n.status = 'PENDING' AND n.next_attempt_at <= ${now}::timestamptz AND s.active
           AND (n.locked_until IS NULL OR n.locked_until < ${now}::timestamptz)
         ORDER BY n.next_attempt_at, n.created_at LIMIT 20
         FOR UPDATE OF n SKIP LOCKED)
      UPDATE finding_notice w SET locked_until = ${leaseUntil}::timestamptz, locked_by = ${this.instance}
        FROM due, finding_subscription s
       WHERE w.id = due.id AND s.id = w.subscription_id
      RETURNING w.id, w.body, w.attempts, s.url, s.secret`;
  }

  private async send(notice: Claimed): Promise<void> {
    const at = this.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(notice.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'gridshare-webhooks/1',
          [DELIVERY_HEADER]: notice.id,
          [TOPIC_HEADER]: 'FINDING_RAISED',
          [SIGNATURE_HEADER]: signatureHeader(notice.secret, Math.floor(at.getTime() / 1000), notice.body),
        },
        body: notice.body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
      statusCode = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (failure) {
      error = String((failure as Error)?.message ?? failure).slice(0, 500);
    }
    const attempt = notice.attempts + 1;
    const delivered = error === null;
    const givenUp = !delivered && attempt >= MAX_ATTEMPTS;
    await this.prisma.findingNotice.updateMany({
      where: { id: notice.id, lockedBy: this.instance },
      data: {
        attempts: attempt,
        status: delivered ? 'DELIVERED' : givenUp ? 'FAILED' : 'PENDING',
        deliveredAt: delivered ? at : undefined,
        nextAttemptAt: delivered || givenUp ? undefined : new Date(at.getTime() + backoffMs(attempt)),
        lastStatusCode: statusCode,
        lastError: error,
        lockedUntil: null,
        lockedBy: null,
      },
    });
    this.logger?.[delivered ? 'debug' : 'warn'](
      { event: delivered ? 'audit.finding_notice_delivered' : 'audit.finding_notice_failed', noticeId: notice.id, attempt, statusCode, error },
      delivered ? 'finding notice delivered' : 'finding notice delivery failed',
    );
  }
}
