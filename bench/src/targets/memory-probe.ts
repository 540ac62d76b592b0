/**
 * Preloaded (`node --require`) into every process the bench measures, its own targets and the peers'
 * CLIs alike: answers `{ type: 'memory-probe' }` over the IPC channel with the process's memory, so
 * RSS and heap are sampled the same way whatever runs in the process. It adds one message listener
 * and nothing else; a process without an IPC channel is left untouched.
 */
if (process.send) {
  process.on('message', (message: { type?: string; id?: number } | null) => {
    if (message?.type !== 'memory-probe') return;
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    process.send!({ type: 'memory-probe-reply', id: message.id, usage: { rss, heapUsed, heapTotal, external } });
  });
}
