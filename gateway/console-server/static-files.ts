import fs from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The page's own code only: no inline script, no third-party origin, no framing. React sets styles
 * through the CSSOM, which `style-src 'self'` allows.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
    // GraphiQL's fonts are inlined in its stylesheet as data: URLs (bundled, nothing fetched).
    "font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export type StaticResult = 'served' | 'not-found' | 'not-built';

/**
 * Serves `relative` (already URL-decoded, below the mount point) from `root`. A path without an
 * extension that is not a file is a client-side route and gets index.html; a missing asset is a
 * plain 404, so a stale page asking for an old bundle fails visibly instead of parsing HTML as JS.
 */
export async function serveStatic(root: string, relative: string, request: IncomingMessage, response: ServerResponse): Promise<StaticResult> {
  const resolvedRoot = path.resolve(root);
  const target = path.resolve(resolvedRoot, '.' + path.posix.normalize('/' + relative));
  if (target !== resolvedRoot && !target.startsWith(resolvedRoot + path.sep)) return 'not-found';
  const file = (await isFile(target)) ? target : path.extname(target) === '' ? path.join(resolvedRoot, 'index.html') : undefined;
  if (!file) return 'not-found';
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return file.endsWith('index.html') ? 'not-built' : 'not-found';
  }
  const isIndex = file === path.join(resolvedRoot, 'index.html');
  // Bundles carry a content hash in their name, so they never change; index.html names the current
  // bundles and must never be cached, or a rebuilt gateway would keep serving yesterday's page.
  const immutable = !isIndex && file.startsWith(path.join(resolvedRoot, 'assets') + path.sep);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': isIndex ? 'no-store' : immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY_HEADERS,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
  return 'served';
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
