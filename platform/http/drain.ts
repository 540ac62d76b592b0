/**
 * A service's requests in flight, for a stop that loses none of them. Once draining, the service is
 * not ready (/ready 503, so a load balancer sends new traffic elsewhere), refuses new GraphQL requests
 * with 503 SERVICE_UNAVAILABLE (a client or proxy retries them on another replica), and the stop waits
 * until those already running are answered, up to a deadline; after it their connections are closed.
 */
export class RequestDrain {
  private inFlight = 0;
  private draining = false;
  private idle: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  enter(): void {
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
    if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Stops taking requests; true when those in flight were answered before `deadline` (epoch ms). */
  async drain(deadline: number): Promise<boolean> {
    this.draining = true;
    if (this.inFlight === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      new Promise<boolean>((resolve) => this.idle.push(() => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())))),
    ]);
    clearTimeout(timer);
    return answered;
  }
}
