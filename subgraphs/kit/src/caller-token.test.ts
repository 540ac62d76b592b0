import { generateKeyPairSync } from 'node:crypto';
import { CallerTokenSigner, verifyCallerToken } from './caller-token';

const caller = { user: 'li.lei', department: 'health', level: 'town' as const, jurisdiction: ['449900101'], purpose: 'epidemic-prevention' };

describe('caller tokens', () => {
  const keys = generateKeyPairSync('ed25519');

  it('round-trips the caller for the audience it was signed for', async () => {
    const token = await new CallerTokenSigner(keys.privateKey).sign(caller, 'population');
    await expect(verifyCallerToken(token, keys.publicKey, 'population')).resolves.toEqual({ ...caller, role: undefined });
    await expect(verifyCallerToken(token, keys.publicKey, 'housing')).rejects.toThrow('not for the housing subgraph');
  });

  it('reuses a token while it is fresh and renews it after half its life', async () => {
    let now = Date.now();
    const signer = new CallerTokenSigner(keys.privateKey, () => now);
    const first = await signer.sign(caller, 'population');
    expect(await signer.sign(caller, 'population')).toBe(first);
    expect(await signer.sign({ ...caller, purpose: 'other' }, 'population')).not.toBe(first);
    now += 31_000;
    expect(await signer.sign(caller, 'population')).not.toBe(first);
  });
});
