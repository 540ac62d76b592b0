import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tokenFromFile } from './token-file';

/** Production's service token (the feed follower's, the reference checks'): renewed in its file by whoever renews it, picked up without a restart. */
describe('the service token file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-feed-token-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the token, and again when the file changes', async () => {
    const file = path.join(dir, 'token');
    fs.writeFileSync(file, 'first.token.value\n');
    const token = tokenFromFile(file);
    expect(await token()).toBe('first.token.value');
    fs.writeFileSync(file, 'renewed.token.value.longer\n');
    expect(await token()).toBe('renewed.token.value.longer');
  });

  it('fails with the file named when it is missing or empty', async () => {
    const file = path.join(dir, 'token');
    await expect(tokenFromFile(file)()).rejects.toThrow(`the service token file ${file} cannot be read (ENOENT)`);
    fs.writeFileSync(file, '  \n');
    await expect(tokenFromFile(file)()).rejects.toThrow(`the service token file ${file} is empty`);
  });
});
