import type { ChildTarget, MemoryUsage } from './placement';

/** A process's memory over a load: peak and steady (median of the samples), in MiB. */
export interface MemorySummary {
  samples: number;
  peakRssMiB: number;
  steadyRssMiB: number;
  peakHeapUsedMiB: number;
  steadyHeapUsedMiB: number;
}

const MIB = 2 ** 20;

/** Samples a child's memory every `everyMs` while `work` runs (and once when it ends). */
export async function sampleMemoryWhile<T>(child: ChildTarget, work: Promise<T>, everyMs = 1000): Promise<{ result: T; samples: MemoryUsage[] }> {
  const samples: MemoryUsage[] = [];
  const take = () =>
    child.memory().then(
      (usage) => void samples.push(usage),
      () => undefined,
    );
  const timer = setInterval(() => void take(), everyMs);
  try {
    const result = await work;
    await take();
    return { result, samples };
  } finally {
    clearInterval(timer);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Peak and steady (median) RSS and used heap of the samples; null without samples. */
export function summarizeMemory(samples: MemoryUsage[]): MemorySummary | null {
  if (samples.length === 0) return null;
  const rss = samples.map((s) => s.rss / MIB);
  const heap = samples.map((s) => s.heapUsed / MIB);
  return {
    samples: samples.length,
    peakRssMiB: Math.max(...rss),
    steadyRssMiB: median(rss),
    peakHeapUsedMiB: Math.max(...heap),
    steadyHeapUsedMiB: median(heap),
  };
}
