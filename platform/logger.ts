import pino, { DestinationStream, Logger } from 'pino';

export type { Logger };

/**
 * JSON lines on stdout (or a given stream, which is how tests read log lines back).
 * Personal values must never be logged: callers log keys and coordinates, never rows.
 */
export function createLogger(options: { level?: string; service?: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      // Children add their own service; pino would otherwise print the key twice.
      base: options.service ? { service: options.service } : {},
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** Collects log lines in memory so tests can assert on them. */
export class MemoryLogDestination implements DestinationStream {
  readonly lines: Record<string, unknown>[] = [];
  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }
  events(name: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l.event === name);
  }
}
