import http, { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';

export interface ReceivedRequest {
  path: string;
  deliveryId: string;
  topic: string;
  signature: string | undefined;
  body: string;
  /** The status the receiver answered (once it has). */
  status?: number;
}

/**
 * A webhook receiver as a department would run one (node:http on port 0): it records every request,
 * processes each delivery id once (a repeat is acknowledged, not processed again), and can hold its
 * answers (to stop the sender mid-delivery) or fail the next requests (to make it retry).
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Delivery id → body, for deliveries answered 2xx: what the department acted on, once each. */
  readonly processed = new Map<string, string>();
  /** How many times a delivery id arrived again after it had been processed. */
  readonly repeats = new Map<string, number>();
  hold = false;
  failNext = 0;
  private readonly held: (() => void)[] = [];
  private readonly arrivals = new EventEmitter();
  private server!: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => void this.receive(request, response));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const received: ReceivedRequest = {
      path: request.url ?? '/',
      deliveryId: String(request.headers['x-gridshare-delivery']),
      topic: String(request.headers['x-gridshare-topic']),
      signature: request.headers['x-gridshare-signature'] as string | undefined,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(received);
    this.arrivals.emit('request');
    const answer = (status: number) => {
      received.status = status;
      if (status < 300) {
        if (this.processed.has(received.deliveryId)) this.repeats.set(received.deliveryId, (this.repeats.get(received.deliveryId) ?? 0) + 1);
        else this.processed.set(received.deliveryId, received.body);
      }
      response.writeHead(status).end();
    };
    if (this.failNext > 0) {
      this.failNext -= 1;
      answer(500);
    } else if (this.hold) {
      this.held.push(() => answer(204));
    } else {
      answer(204);
    }
  }

  /** Resolves once `count` requests have arrived in all. */
  async waitForRequests(count: number): Promise<void> {
    while (this.requests.length < count) await once(this.arrivals, 'request');
  }

  /** Answers the held requests (2xx) and stops holding. */
  release(): void {
    this.hold = false;
    for (const answer of this.held.splice(0)) answer();
  }

  async stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}
