import { isDeepStrictEqual } from 'node:util';

export interface PostResult {
  status: number;
  body: any;
  bytes: number;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<PostResult> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${url} answered ${response.status} with non-JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, body: parsed, bytes: Buffer.byteLength(text) };
}

/** Throws, naming the first difference, unless the answer is 200 with exactly the expected data and no errors. */
export function assertAnswer(label: string, actual: PostResult, expectedData: unknown): void {
  if (actual.status !== 200) throw new Error(`${label}: HTTP ${actual.status}: ${JSON.stringify(actual.body).slice(0, 300)}`);
  if (actual.body?.errors) throw new Error(`${label}: errors ${JSON.stringify(actual.body.errors).slice(0, 300)}`);
  if (!isDeepStrictEqual(actual.body?.data, expectedData)) {
    throw new Error(`${label}: the data differs from the expected answer at ${firstDifference(actual.body?.data, expectedData) ?? '?'}`);
  }
}

/** The path of the first difference between two JSON values, for error messages. */
export function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${at} (${JSON.stringify(a)?.slice(0, 60)} ≠ ${JSON.stringify(b)?.slice(0, 60)})`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      Array.isArray(a) ? `${at}[${key}]` : `${at}.${key}`,
    );
    if (found) return found;
  }
  return `${at} (key order)`;
}
