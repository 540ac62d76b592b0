import fs from 'node:fs';

/**
 * A service's department token in production: a file the identity provider's token is written to
 * (by a sidecar or the operator), read again whenever it changes, so a renewed token is used without
 * a restart. Only its modification time and size are checked per read.
 */
export function tokenFromFile(file: string): () => Promise<string> {
  let seen: { mtimeMs: number; size: number; token: string } | undefined;
  return async () => {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch (error) {
      throw new Error(`the service token file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (seen && seen.mtimeMs === stat.mtimeMs && seen.size === stat.size) return seen.token;
    const token = (await fs.promises.readFile(file, 'utf8')).trim();
    if (!token) throw new Error(`the service token file ${file} is empty`);
    seen = { mtimeMs: stat.mtimeMs, size: stat.size, token };
    return token;
  };
}
