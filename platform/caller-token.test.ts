import { generateKeyPairSync } from 'node:crypto';
import { CALLER_TOKEN_TTL_SECONDS, callerIdentityKey, CallerTokenSigner, CallerTokenVerifier, requestDigest } from './caller-token';
import { UsedTokenIds } from './used-token-ids';
import { callerSchema } from './caller';

const caller = { user: 'li.lei', department: 'health', level: 'town' as const, jurisdiction: ['449900101000'], purpose: 'epidemic-prevention' };
const request = { query: 'query ($id: ID!) { person(id: $id) { name } }', variables: { id: 'P1' } };

describe('caller tokens', () => {
  const keys = generateKeyPairSync('ed25519');

  it('round-trips the caller for the audience and the request it was signed for', async () => {
    const token = await new CallerTokenSigner(keys.privateKey).sign(caller, 'population', request);
    await expect(new CallerTokenVerifier(keys.publicKey, 'housing').verify(token, request)).rejects.toThrow('not for the housing subgraph');
    await expect(new CallerTokenVerifier(keys.publicKey, 'population').verify(token, request)).resolves.toEqual({ caller, quota: { exhausted: [] } });
  });

  it('is accepted once, and only for the body it was signed for', async () => {
    const verifier = new CallerTokenVerifier(keys.publicKey, 'population');
    const token = await new CallerTokenSigner(keys.privateKey).sign(caller, 'population', request);
    await expect(verifier.verify(token, { ...request, variables: { id: 'P2' } })).rejects.toThrow('not signed for this request');
    await expect(verifier.verify(token, { query: '{ persons(gridCode: "449900") { totalCount } }' })).rejects.toThrow('not signed for this request');
    await expect(verifier.verify(token, request)).resolves.toMatchObject({ caller: { user: 'li.lei' } });
    await expect(verifier.verify(token, request)).rejects.toThrow('already used');
  });

  it('carries the quota state beside the caller, never inside it', async () => {
    const token = new CallerTokenSigner(keys.privateKey).sign(caller, 'population', request, { exhausted: ['HIGH'] });
    const verified = await new CallerTokenVerifier(keys.publicKey, 'population').verify(token, request);
    expect(verified).toEqual({ caller, quota: { exhausted: ['HIGH'] } });
    expect(callerSchema.safeParse({ ...caller, exhausted: ['HIGH'] }).success).toBe(false);
  });

  it('refuses, naming the claim, a token whose caller the shared schema does not accept', async () => {
    // Signed with the gateway's key but with a level no department token can have: the schema is the gate on both sides.
    const token = new CallerTokenSigner(keys.privateKey).sign({ ...caller, level: 'province' as never }, 'population', request);
    await expect(new CallerTokenVerifier(keys.publicKey, 'population').verify(token, request)).rejects.toThrow(/claims are invalid: level/);
    const empty = new CallerTokenSigner(keys.privateKey).sign({ ...caller, user: '' }, 'population', request);
    await expect(new CallerTokenVerifier(keys.publicKey, 'population').verify(empty, request)).rejects.toThrow(/claims are invalid/);
  });

  it('keeps the development marker of a development identity', async () => {
    const token = new CallerTokenSigner(keys.privateKey).sign({ ...caller, identity: 'development' }, 'population', request);
    await expect(new CallerTokenVerifier(keys.publicKey, 'population').verify(token, request)).resolves.toMatchObject({ caller: { identity: 'development' } });
  });

  it('digests the request as JSON carries it: key order and missing members do not matter', () => {
    expect(requestDigest({ variables: { b: 1, a: 2 }, query: 'q' })).toBe(
      requestDigest(JSON.parse('{"query":"q","variables":{"a":2,"b":1},"operationName":null}')),
    );
    expect(requestDigest({ query: 'q', variables: { a: undefined } })).toBe(requestDigest({ query: 'q', variables: {} }));
    expect(requestDigest({ query: 'q' })).not.toBe(requestDigest({ query: 'q', variables: {} }));
  });

  it('signs a new token for every request, living seconds', async () => {
    const signer = new CallerTokenSigner(keys.privateKey);
    expect(await signer.sign(caller, 'population', request)).not.toBe(await signer.sign(caller, 'population', request));
  });

  it('refuses a token past its seconds of life, by the injected clock', async () => {
    const signedAt = Date.UTC(2031, 0, 1, 12);
    const token = await new CallerTokenSigner(keys.privateKey, () => signedAt).sign(caller, 'population', request);
    const at = (ms: number) => new CallerTokenVerifier(keys.publicKey, 'population', () => signedAt + ms);
    await expect(at(1000).verify(token, request)).resolves.toMatchObject({ caller: { user: 'li.lei' } });
    await expect(at((CALLER_TOKEN_TTL_SECONDS + 10) * 1000).verify(token, request)).rejects.toThrow('expired');
  });
});

describe('the caller identity key (who may share a subgraph fetch)', () => {
  it('differs whenever any claim a subgraph answers by differs, and only then', () => {
    const key = callerIdentityKey(caller);
    expect(callerIdentityKey({ ...caller, jurisdiction: [...caller.jurisdiction] })).toBe(key);
    const others = [
      callerIdentityKey({ ...caller, user: 'han.meimei' }),
      callerIdentityKey({ ...caller, department: 'civil-affairs' }),
      callerIdentityKey({ ...caller, level: 'city', jurisdiction: [] }),
      callerIdentityKey({ ...caller, jurisdiction: ['449900102000'] }),
      callerIdentityKey({ ...caller, purpose: 'elderly-care' }),
      callerIdentityKey({ ...caller, purpose: undefined }),
      callerIdentityKey({ ...caller, role: 'leader' }),
      callerIdentityKey({ ...caller, identity: 'development' }),
      callerIdentityKey(caller, { exhausted: ['sensitive'] }),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
  });
});

describe('the store of used token ids', () => {
  it('remembers an id until its token could no longer verify, then forgets it', () => {
    const ids = new UsedTokenIds();
    expect(ids.claim('a', 2000, 1000)).toBe(true);
    expect(ids.claim('a', 2000, 1999)).toBe(false);
    expect(ids.claim('b', 5000, 2001)).toBe(true);
    expect(ids.size).toBe(1);
  });

  it('refuses new ids rather than forget one early when full', () => {
    const ids = new UsedTokenIds(2);
    expect([ids.claim('a', 10_000, 0), ids.claim('b', 10_000, 0), ids.claim('c', 10_000, 0)]).toEqual([true, true, 'full']);
    expect(ids.claim('a', 10_000, 5000)).toBe(false);
    expect(ids.claim('c', 20_000, 10_001)).toBe(true);
  });
});
