import { createHash, createPublicKey, KeyObject } from 'node:crypto';

/** The gateway's current signing key and the id every signature made with it names. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

/** One public key of the set. */
export interface VerificationKey {
  kid: string;
  publicKey: KeyObject;
  /**
   * The key of the release before key ids: signatures that name no key (checkpoints already in the
   * trail, tokens of a gateway not yet upgraded) are checked with it alone.
   */
  legacy?: boolean;
  /** Retired: no caller token is accepted from it, and no checkpoint it signed after this instant. */
  retiredAt?: string;
}

export class KeySetError extends Error {}

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url) of an Ed25519 public key: the same key gets the same id
 * on every machine, so gateways and verifiers sharing a key set agree without coordination. Computed
 * here rather than with jose's calculateJwkThumbprint because that is asynchronous and the signers
 * (caller tokens, checkpoints) are synchronous.
 */
export function keyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' });
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** A bare private key signs under its thumbprint, as a key of a set would. */
export function asSigningKey(key: KeyObject | SigningKey): SigningKey {
  return key instanceof KeyObject ? { kid: keyId(key), privateKey: key } : key;
}

/**
 * The public keys a verifier accepts, by key id. Fails closed: a signature naming a key the set does
 * not hold, or a retired one, is refused with the key id named.
 */
export class KeySet {
  private readonly byKid = new Map<string, VerificationKey>();

  constructor(readonly keys: VerificationKey[]) {
    for (const key of keys) this.byKid.set(key.kid, key);
  }

  /** One key, the only one (a data directory from before key rotation, or a test's key pair). */
  static single(publicKey: KeyObject): KeySet {
    return new KeySet([{ kid: keyId(publicKey), publicKey, legacy: true }]);
  }

  get legacy(): VerificationKey | undefined {
    return this.keys.find((k) => k.legacy);
  }

  /** The key a caller token's header names: known and not retired. */
  tokenKey(kid: unknown): KeyObject {
    if (kid === undefined) {
      const legacy = this.legacy;
      if (!legacy || legacy.retiredAt) throw new KeySetError('caller token names no key id');
      return legacy.publicKey;
    }
    const key = typeof kid === 'string' ? this.byKid.get(kid) : undefined;
    if (!key) throw new KeySetError(`caller token is signed by key ${JSON.stringify(kid).slice(0, 80)}, which is not in the gateway key set`);
    if (key.retiredAt) throw new KeySetError(`caller token is signed by key ${kid}, which was retired at ${key.retiredAt}`);
    return key.publicKey;
  }

  /** The key a checkpoint made at `at` was signed with, or why it cannot have been. */
  checkpointKey(kid: string | undefined, at: string): KeyObject | string {
    const key = kid === undefined ? this.legacy : this.byKid.get(kid);
    if (!key) {
      return kid === undefined
        ? 'names no key id and the gateway key set holds no legacy key (the key of the release before key ids)'
        : `is signed by key ${kid}, which is not in the gateway key set (removed, or never the gateway's)`;
    }
    if (key.retiredAt && at > key.retiredAt) return `is signed by key ${key.kid} at ${at}, after that key was retired at ${key.retiredAt}`;
    return key.publicKey;
  }
}

/** A single public key (tests, older callers) is the set of that key alone. */
export function asKeySet(keys: KeyObject | KeySet): KeySet {
  return keys instanceof KeySet ? keys : KeySet.single(keys);
}
