import type { IncomingMessage } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { CLOCK_SKEW_SECONDS, createJwtAuthenticator, JwtAuthenticatorOptions } from '../../gateway/src/auth';
import { signDepartmentToken } from '../../gateway/src/dev-tokens';
import { VerifiedTokens } from '../../gateway/src/verified-tokens';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import type { Department } from '../../access-policies/runtime/model';
import { DEVELOPMENT_ISSUER } from '../../platform/config';

/**
 * The gateway keeps a department token that verified until its exp, so the signature is checked
 * once per token. Each test is an attack on that store: what must still be refused once a valid
 * token has been verified and kept.
 */
const T0 = Date.parse('2026-03-02T09:00:00Z');
const TTL_SECONDS = 600;

function request(token: string, purpose?: string): IncomingMessage {
  return { headers: { authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) } } as unknown as IncomingMessage;
}

describe('verified department tokens kept until expiry', () => {
  const issuer = generateKeyPairSync('ed25519');
  let clock = T0;
  let departments: Map<string, Department>;
  let verifiedTokens: VerifiedTokens;
  const authenticator = (overrides: Partial<JwtAuthenticatorOptions> = {}) =>
    createJwtAuthenticator({
      key: issuer.publicKey,
      issuer: DEVELOPMENT_ISSUER,
      audience: 'gridshare',
      departments,
      now: () => clock,
      verifiedTokens,
      ...overrides,
    });
  const tokenFor = (department = 'public-security') =>
    signDepartmentToken(issuer.privateKey, { department, user: 'officer-7' }, { now: T0, ttlSeconds: TTL_SECONDS });

  beforeEach(() => {
    clock = T0;
    departments = new Map(repositoryPolicies().departments);
    verifiedTokens = new VerifiedTokens();
  });

  it('serves a verified token again from the store, and the caller is built afresh each time', async () => {
    const authenticate = authenticator();
    const token = await tokenFor();
    const first = await authenticate(request(token));
    expect(verifiedTokens.size).toBe(1);
    const second = await authenticate(request(token, 'public-order'));
    expect(second).toEqual({ ...first, purpose: 'public-order' });
    expect(first.purpose).toBeUndefined();
  });

  it('refuses an expired token that was kept while it was valid (injected clock), and never serves it from the store past exp', async () => {
    const authenticate = authenticator();
    const token = await tokenFor();
    await authenticate(request(token));
    const expMs = T0 + TTL_SECONDS * 1000;
    expect(verifiedTokens.get(token, expMs - 1)).toBeDefined();
    expect(verifiedTokens.get(token, expMs)).toBeUndefined();
    clock = expMs + (CLOCK_SKEW_SECONDS + 1) * 1000;
    await expect(authenticate(request(token))).rejects.toThrow('the token has expired');
  });

  it('never serves a forged token from the store: kept claims under another signature, or a kept signature under other claims', async () => {
    const authenticate = authenticator();
    const token = await tokenFor();
    await authenticate(request(token));
    const [header, payload, signature] = token.split('.');
    const attacker = generateKeyPairSync('ed25519');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const resigned = await new SignJWT(claims).setProtectedHeader(JSON.parse(Buffer.from(header, 'base64url').toString('utf8'))).sign(attacker.privateKey);
    expect(resigned.split('.').slice(0, 2)).toEqual([header, payload]);
    await expect(authenticate(request(resigned))).rejects.toThrow('the token signature does not verify');
    const elevated = Buffer.from(JSON.stringify({ ...claims, department: 'audit-office' })).toString('base64url');
    await expect(authenticate(request(`${header}.${elevated}.${signature}`))).rejects.toThrow('the token signature does not verify');
    const flipped = Buffer.from(signature, 'base64url');
    flipped[0] ^= 0xff;
    await expect(authenticate(request(`${header}.${payload}.${flipped.toString('base64url')}`))).rejects.toThrow('the token signature does not verify');
    expect(verifiedTokens.size).toBe(1);
  });

  it('refuses a kept token once its department is no longer known', async () => {
    const authenticate = authenticator();
    const token = await tokenFor('health');
    await authenticate(request(token));
    departments.delete('health');
    await expect(authenticate(request(token))).rejects.toThrow('unknown department "health"');
  });

  it('refuses a kept token when the key it verified under is no longer the key (a store shared across a key rotation)', async () => {
    const token = await tokenFor();
    await authenticator()(request(token));
    const rotated = authenticator({ key: generateKeyPairSync('ed25519').publicKey });
    await expect(rotated(request(token))).rejects.toThrow('the token signature does not verify');
  });

  it('keeps no refused token, and no more tokens than its capacity', async () => {
    verifiedTokens = new VerifiedTokens(3);
    const authenticate = authenticator();
    clock = T0 + (TTL_SECONDS + CLOCK_SKEW_SECONDS + 1) * 1000;
    await expect(authenticate(request(await tokenFor()))).rejects.toThrow('expired');
    expect(verifiedTokens.size).toBe(0);
    clock = T0;
    for (let i = 0; i < 5; i++) {
      await authenticate(request(await signDepartmentToken(issuer.privateKey, { department: 'health', user: `u${i}` }, { now: T0, ttlSeconds: TTL_SECONDS })));
    }
    expect(verifiedTokens.size).toBe(3);
  });
});
