/**
 * Entry of every benchmark child process: `node child.js <kind>`, configured over IPC. The child
 * reports `ready` with what the bench needs (URLs), answers calls (counts, resets) and exits on `stop`.
 */
import type { RunningTarget } from './running-target';

type TargetFactory = (config: any) => Promise<RunningTarget>;

const FACTORIES: Record<string, () => TargetFactory> = {
  'static-subgraphs': () => require('./static-subgraphs').startStaticSubgraphs,
  'apollo-gateway': () => require('./apollo-gateway').startApolloGateway,
  'gridshare-gateway': () => require('./gridshare-gateway').startGridshareGateway,
  system: () => require('./system').startBenchSystem,
};

function main(): void {
  const kind = process.argv[2];
  const factory = FACTORIES[kind];
  if (!factory || !process.send) {
    console.error(`usage: child.js <${Object.keys(FACTORIES).join('|')}> (started by the bench over IPC)`);
    process.exit(2);
  }
  let running: RunningTarget | undefined;
  process.on('disconnect', () => void shutdown());
  async function shutdown(): Promise<never> {
    await running?.stop().catch((error) => console.error('stop failed', error));
    process.exit(0);
  }
  process.on('message', async (message: any) => {
    if (message?.type === 'config') {
      try {
        running = await factory()(message.config);
        process.send!({ type: 'ready', ready: running.ready });
      } catch (error) {
        console.error(error);
        process.send!({ type: 'failed', error: (error as Error).stack ?? String(error) });
        process.exit(1);
      }
      return;
    }
    if (message?.type !== 'call') return;
    if (message.method === 'stop') return void shutdown();
    try {
      const method = running?.methods?.[message.method];
      if (!method) throw new Error(`no method ${message.method}`);
      const result = await method(message.args);
      process.send!({ type: 'reply', id: message.id, result });
    } catch (error) {
      process.send!({ type: 'reply', id: message.id, error: (error as Error).message });
    }
  });
}

main();
