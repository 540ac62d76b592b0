import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The trail never holds a person's ID number, yet an auditor must find "who read this person" from
 * the number they have. Subgraphs record a keyed digest (HMAC-SHA256) of the number instead; with the
 * key kept out of the trail, the digest cannot be reversed by enumerating the ID-number space.
 */
export function subjectDigest(key: Buffer, idNumber: string): string {
  return createHmac('sha256', key).update(idNumber.toUpperCase()).digest('hex');
}

/** The development key lives under the data directory; production supplies its own file. */
export function loadOrCreateSubjectDigestKey(directory: string): Buffer {
  const file = path.join(directory, 'subject-digest.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}
