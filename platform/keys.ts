import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync, createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * Development keys live under the data directory and are made on first use, so a fresh clone runs
 * with nothing configured. Production points the settings at keys it manages itself.
 * Ed25519: small, fast to verify, and a subgraph holding only the public key cannot mint callers.
 */
export function loadOrCreateKeyPair(directory: string, name: string): KeyPair {
  const privatePath = path.join(directory, `${name}.private.pem`);
  const publicPath = path.join(directory, `${name}.public.pem`);
  if (fs.existsSync(privatePath)) {
    const privateKey = createPrivateKey(fs.readFileSync(privatePath));
    return { privateKey, publicKey: createPublicKey(privateKey) };
  }
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // wx: when two processes race on first start, the loser reads the winner's key instead of replacing it.
  try {
    fs.writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKeyPair(directory, name);
    throw error;
  }
  fs.writeFileSync(publicPath, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKey, publicKey };
}

export function readPublicKey(file: string): KeyObject {
  return createPublicKey(fs.readFileSync(file));
}
