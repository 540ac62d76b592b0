/**
 * Group commit for any statement many requests make at once: items arriving while a batch is being
 * written wait and form the next batch, so under load many requests share one transaction (and one
 * WAL flush), and an idle system still writes each item at once. DataLoader batches per tick, which
 * under a steady stream of requests gives batches of one: what amortises a flush is waiting for the
 * one in flight, as here.
 */
export class GroupBatch<Item, Result> {
  private queue: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private running = false;

  /** `write` answers each item of a batch, in order; when it throws, every item of that batch fails. */
  constructor(private readonly write: (items: Item[]) => Promise<Result[]>) {}

  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          const results = await this.write(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(results[i]));
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
