import { setTimeout as delay } from 'node:timers/promises';

/**
 * Asks until `condition` holds, for what another process shows only when asked (its /ready, its
 * table): there is no signal to await across a process boundary. Fails naming what it waited for.
 */
export async function until(condition: () => Promise<boolean> | boolean, label: string, limitMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + limitMs;
  let last: unknown;
  for (;;) {
    try {
      if (await condition()) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${label}: not within ${limitMs} ms${last ? ` (last: ${(last as Error).message})` : ''}`);
    await delay(everyMs);
  }
}
