import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from './config';
import { keyId, KeySet, SigningKey, VerificationKey } from './key-set';
import { loadOrCreateKeyPair } from './keys';

/**
 * The gateway's internal signing keys (caller tokens, audit checkpoints) in a keys directory:
 *
 *   gateway-caller.private.pem / .public.pem   the key of the release before rotation (the legacy key)
 *   gateway-caller.keys.json                   the key set, once a key was added: every public key by
 *                                               key id, which one signs ("current"), which are retired
 *   gateway-caller.<kid>.private.pem           the private key of each added key (signers only)
 *
 * The key set holds no secret: it is what verifiers (subgraphs, `audit verify`) are given. Every
 * gateway reading the same directory (or a copy of the same secret) signs with the same current key.
 */
export const CALLER_KEY_NAME = 'gateway-caller';

const keySetFile = z.object({
  current: z.string().min(1),
  keys: z
    .array(
      z.object({
        kid: z.string().min(1),
        publicKey: z.string().min(1),
        addedAt: z.string().optional(),
        legacy: z.boolean().optional(),
        retiredAt: z.string().optional(),
      }),
    )
    .min(1),
});
type KeySetFile = z.infer<typeof keySetFile>;

export const keySetPath = (directory: string) => path.join(directory, `${CALLER_KEY_NAME}.keys.json`);
const legacyPublicPath = (directory: string) => path.join(directory, `${CALLER_KEY_NAME}.public.pem`);
const legacyPrivatePath = (directory: string) => path.join(directory, `${CALLER_KEY_NAME}.private.pem`);
const privatePath = (directory: string, kid: string) => path.join(directory, `${CALLER_KEY_NAME}.${kid}.private.pem`);

export interface CallerKeys {
  /** Only where the private key is (the gateway). */
  signing?: SigningKey;
  keys: KeySet;
}

function readKeySetFile(directory: string): KeySetFile | undefined {
  const file = keySetPath(directory);
  if (!fs.existsSync(file)) return undefined;
  let parsed;
  try {
    parsed = keySetFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (error) {
    throw new ConfigError(`the gateway key set ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!parsed.success)
    throw new ConfigError(`the gateway key set ${file} is invalid: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  for (const key of parsed.data.keys) {
    if (keyId(createPublicKey(key.publicKey)) !== key.kid) throw new ConfigError(`the gateway key set ${file}: key ${key.kid} is not the id of its public key`);
  }
  if (!parsed.data.keys.some((k) => k.kid === parsed.data.current))
    throw new ConfigError(`the gateway key set ${file}: its current key ${parsed.data.current} is not in it`);
  return parsed.data;
}

function toKeySet(file: KeySetFile): KeySet {
  return new KeySet(
    file.keys.map((k): VerificationKey => ({
      kid: k.kid,
      publicKey: createPublicKey(k.publicKey),
      ...(k.legacy ? { legacy: true } : {}),
      ...(k.retiredAt ? { retiredAt: k.retiredAt } : {}),
    })),
  );
}

/**
 * A signer (the gateway, `audit prune`) gets the current key and the set; on a first start with
 * nothing in the directory the legacy-layout key pair is made, as before key rotation. A verifier gets
 * the set, or the single public key file of a directory from before key rotation.
 */
export function loadCallerKeys(directory: string, options: { signer: boolean }): CallerKeys {
  const file = readKeySetFile(directory);
  if (!file) {
    if (options.signer) {
      const pair = loadOrCreateKeyPair(directory, CALLER_KEY_NAME);
      return { signing: { kid: keyId(pair.publicKey), privateKey: pair.privateKey }, keys: KeySet.single(pair.publicKey) };
    }
    const publicFile = legacyPublicPath(directory);
    if (!fs.existsSync(publicFile)) {
      throw new ConfigError(
        `no gateway public key at ${publicFile} (nor a key set at ${keySetPath(directory)}): start the gateway once with this data directory, or copy its keys there`,
      );
    }
    return { keys: KeySet.single(createPublicKey(fs.readFileSync(publicFile))) };
  }
  const keys = toKeySet(file);
  if (!options.signer) return { keys };
  const current = file.keys.find((k) => k.kid === file.current)!;
  const privateFile = current.legacy ? legacyPrivatePath(directory) : privatePath(directory, current.kid);
  if (!fs.existsSync(privateFile)) throw new ConfigError(`the current gateway key ${current.kid} has no private key at ${privateFile}`);
  const privateKey = createPrivateKey(fs.readFileSync(privateFile));
  if (keyId(privateKey) !== current.kid) throw new ConfigError(`${privateFile} is not the private key of ${current.kid}`);
  return { signing: { kid: current.kid, privateKey }, keys };
}

/** The set as a file says it, starting one from the legacy key when there is none yet. */
function keySetForChange(directory: string, now: Date): KeySetFile {
  const existing = readKeySetFile(directory);
  if (existing) return existing;
  const publicFile = legacyPublicPath(directory);
  if (!fs.existsSync(publicFile)) throw new ConfigError(`no gateway key in ${directory}: start the gateway once first (it makes the first key)`);
  const publicKey = createPublicKey(fs.readFileSync(publicFile));
  const kid = keyId(publicKey);
  return { current: kid, keys: [{ kid, publicKey: pem(publicKey), addedAt: now.toISOString(), legacy: true }] };
}

/** Written beside and renamed over: a reader sees the old set or the new, never half of one. */
function writeKeySet(directory: string, file: KeySetFile): void {
  const target = keySetPath(directory);
  const temporary = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o644 });
  fs.renameSync(temporary, target);
}

/** Makes a new key pair and adds its public key to the set; signers keep their current key. */
export function addCallerKey(directory: string, now: Date): string {
  const file = keySetForChange(directory, now);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = keyId(publicKey);
  fs.writeFileSync(privatePath(directory, kid), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeKeySet(directory, { ...file, keys: [...file.keys, { kid, publicKey: pem(publicKey), addedAt: now.toISOString() }] });
  return kid;
}

/** Makes `kid` the key signers use (from their next start). */
export function useCallerKey(directory: string, kid: string, now: Date): void {
  const file = keySetForChange(directory, now);
  const key = file.keys.find((k) => k.kid === kid);
  if (!key) throw new ConfigError(`no key ${kid} in ${keySetPath(directory)}`);
  if (key.retiredAt) throw new ConfigError(`key ${kid} was retired at ${key.retiredAt}; add a new key instead`);
  const privateFile = key.legacy ? legacyPrivatePath(directory) : privatePath(directory, kid);
  if (!fs.existsSync(privateFile)) throw new ConfigError(`key ${kid} has no private key at ${privateFile}: run this where the gateway's keys are`);
  writeKeySet(directory, { ...file, current: kid });
}

/**
 * Retires a key that no longer signs: its private key is deleted; its public key stays in the set, so
 * the checkpoints it signed until now still verify, but no caller token or later checkpoint of it does.
 */
export function retireCallerKey(directory: string, kid: string, now: Date): void {
  const file = keySetForChange(directory, now);
  const key = file.keys.find((k) => k.kid === kid);
  if (!key) throw new ConfigError(`no key ${kid} in ${keySetPath(directory)}`);
  if (file.current === kid) throw new ConfigError(`key ${kid} is the current signing key: make another key current first (gridshare keys use <kid>)`);
  if (key.retiredAt) return;
  writeKeySet(directory, { ...file, keys: file.keys.map((k) => (k.kid === kid ? { ...k, retiredAt: now.toISOString() } : k)) });
  fs.rmSync(key.legacy ? legacyPrivatePath(directory) : privatePath(directory, kid), { force: true });
}

/** The set as it stands, for `gridshare keys list`. */
export function describeCallerKeys(directory: string): { current: string; keys: KeySetFile['keys'] } {
  const file = readKeySetFile(directory);
  if (file) return file;
  const { signing, keys } = loadCallerKeys(directory, { signer: false });
  const kid = signing?.kid ?? keys.keys[0]!.kid;
  return { current: kid, keys: [{ kid, publicKey: pem(keys.keys[0]!.publicKey), legacy: true }] };
}

const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
