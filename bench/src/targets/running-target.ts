/** What a benchmark child process runs: it reports `ready`, answers `methods` over IPC, and stops. */
export interface RunningTarget {
  ready: Record<string, unknown>;
  methods?: Record<string, (args: any) => unknown>;
  stop(): Promise<void>;
}
