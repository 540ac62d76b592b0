import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../../platform/logger';
import type { EventsPrisma } from '../prisma';
import { backoffMs, MAX_ATTEMPTS } from '../../../kit/src/webhooks/retry';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signatureHeader, TOPIC_HEADER } from '../../../kit/src/webhooks/signature';

/**
 * Sends what the outbox holds. Each delivery goes out with its id (X-Gridshare-Delivery, also in the
 * body) and a signature; a 2xx answer marks it DELIVERED, anything else (or no answer within the
 * timeout) schedules a retry with exponential back-off (the kit's webhooks/retry), and after MAX_ATTEMPTS it is FAILED (and can
 * be replayed). Every attempt is logged.
 *
 * Exactly once, by delivery id: a delivery is claimed with a lease (FOR UPDATE SKIP LOCKED), so two
 * instances never send it at the same time; stopping the subgraph waits for the requests in flight
 * and records their answers, so a restart sends nothing twice. Only a crash between a receiver's
 * answer and its recording, or a receiver slower than the timeout, can repeat a delivery: with the
 * same id and body, which the receiver deduplicates.
 */

export interface DelivererOptions {
  prisma: EventsPrisma;
  now: () => Date;
  logger?: Logger;
  timeoutMs?: number;
  batchSize?: number;
}

interface Claimed {
  id: string;
  subscription_id: string;
  topic: string;
  body: string;
  attempts: number;
  replays: number;
  url: string;
  secret: string;
}

export class WebhookDeliverer {
  private readonly instance = randomUUID();
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private running: Promise<number> | undefined;
  private again = false;
  private stopping = false;

  constructor(private readonly options: DelivererOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.batchSize = options.batchSize ?? 20;
  }

  /** Sends everything due now; a call while a run is going makes it run once more. Resolves with how many were attempted. */
  deliverDue(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.runUntilIdle().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops claiming; waits for the requests in flight to be answered and recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  private async runUntilIdle(): Promise<number> {
    let attempted = 0;
    do {
      this.again = false;
      for (;;) {
        if (this.stopping) return attempted;
        const claimed = await this.claim();
        if (claimed.length === 0) break;
        await Promise.all(claimed.map((delivery) => this.send(delivery)));
        attempted += claimed.length;
      }
    } while (this.again && !this.stopping);
    return attempted;
  }

  private async claim(): Promise<Claimed[]> {
    const now = this.options.now().toISOString();
    const leaseUntil = new Date(Date.parse(now) + this.timeoutMs + 60_000).toISOString();
    return this.options.prisma.$queryRaw<Claimed[]>`
      WITH due AS (
        SELECT d.id FROM "webhook_delivery" d JOIN "webhook_subscription" s ON s.id = d.subscription_id
         WHERE d.status = 'PENDING' AND d.next_attempt_at <= ${now}::timestamptz AND s.active
           AND (d.locked_until IS NULL OR d.locked_until < ${now}::timestamptz)
         ORDER BY d.next_attempt_at, d.created_at LIMIT ${this.batchSize}::int
         FOR UPDATE OF d SKIP LOCKED)
      UPDATE "webhook_delivery" w SET locked_until = ${leaseUntil}::timestamptz, locked_by = ${this.instance}
        FROM due, "webhook_subscription" s
       WHERE w.id = due.id AND s.id = w.subscription_id
      RETURNING w.id, w.subscription_id, w.topic, w.body, w.attempts, w.replays, s.url, s.secret`;
  }

  private async send(delivery: Claimed): Promise<void> {
    const started = this.options.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    let statusCode: number | null = null;
    let error: string | null = null;
    const wallStart = process.hrtime.bigint();
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'gridshare-webhooks/1',
          [DELIVERY_HEADER]: delivery.id,
          [TOPIC_HEADER]: delivery.topic,
          [SIGNATURE_HEADER]: signatureHeader(delivery.secret, Math.floor(started.getTime() / 1000), delivery.body),
        },
        body: delivery.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      statusCode = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (failure) {
      error = String((failure as Error)?.message ?? failure).slice(0, 500);
    } finally {
      clearTimeout(timer);
    }
    const durationMs = Number((process.hrtime.bigint() - wallStart) / 1_000_000n);
    await this.record(delivery, started, statusCode, error, durationMs);
  }

  private async record(delivery: Claimed, at: Date, statusCode: number | null, error: string | null, durationMs: number): Promise<void> {
    const attempt = delivery.attempts + 1;
    const delivered = error === null;
    const givenUp = !delivered && attempt >= MAX_ATTEMPTS * (delivery.replays + 1);
    const { prisma } = this.options;
    await prisma.$transaction([
      prisma.webhookAttempt.create({ data: { deliveryId: delivery.id, attempt, at, statusCode, error, durationMs } }),
      prisma.webhookDelivery.updateMany({
        where: { id: delivery.id, lockedBy: this.instance },
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
      }),
    ]);
    this.options.logger?.[delivered ? 'debug' : 'warn'](
      { event: delivered ? 'events.webhook_delivered' : 'events.webhook_failed', deliveryId: delivery.id, attempt, statusCode, error },
      delivered ? 'webhook delivered' : 'webhook delivery failed',
    );
  }
}
