import path from 'node:path';
import type { Config } from '../../platform/config';
import { addCallerKey, describeCallerKeys, keySetPath, retireCallerKey, useCallerKey } from '../../platform/key-files';

export const KEYS_USAGE = `  keys list           the gateway's internal signing keys (caller tokens, audit checkpoints)
  keys add            make a new key and add its public key to the key set (signers keep theirs)
  keys use <kid>      make that key the one gateways sign with (from their next start)
  keys rotate         keys add, then keys use the new key: one data directory for every service
  keys retire <kid>   delete that key's private key; its checkpoints still verify, nothing new does
                      (README: key rotation)`;

/** `gridshare keys <subcommand>`: key rotation of the gateway's internal signing key. */
export function runKeys(config: Config, positionals: string[], now: () => Date = () => new Date()): number {
  const directory = path.join(config.dataDir, 'keys');
  const [subcommand, kid] = positionals;
  switch (subcommand) {
    case 'list': {
      const set = describeCallerKeys(directory);
      for (const k of set.keys) {
        const state = k.retiredAt ? `retired ${k.retiredAt}` : k.kid === set.current ? 'current (signs)' : 'verifies';
        console.log(`${k.kid}  ${state}${k.legacy ? '  (legacy: checkpoints without a key id)' : ''}`);
      }
      return 0;
    }
    case 'add':
    case 'rotate': {
      const added = addCallerKey(directory, now());
      if (subcommand === 'rotate') useCallerKey(directory, added, now());
      console.log(
        subcommand === 'rotate'
          ? `new current key ${added}: restart the gateways; the previous key still verifies until retired`
          : `added key ${added}: give ${keySetPath(directory)} to every verifier, then run gridshare keys use ${added}`,
      );
      return 0;
    }
    case 'use':
    case 'retire':
      if (!kid) {
        console.error(`gridshare: keys ${subcommand} needs a key id (gridshare keys list)`);
        return 2;
      }
      if (subcommand === 'use') useCallerKey(directory, kid, now());
      else retireCallerKey(directory, kid, now());
      console.log(subcommand === 'use' ? `gateways sign with ${kid} from their next start` : `retired ${kid}`);
      return 0;
    default:
      console.error(`gridshare: keys needs list, add, use, rotate or retire\n${KEYS_USAGE}`);
      return 2;
  }
}
