/**
 * A copy of caller-controlled JSON that any store accepts and no recursive code chokes on: text is
 * well-formed UTF-16 without NUL (PostgreSQL's text and jsonb refuse both), strings, depth, items
 * per container and nodes in total are bounded, numbers are finite. Iterative (an explicit stack),
 * so a value nested 5 000 deep costs a loop, not the call stack.
 */
export interface JsonLimits {
  /** Levels of objects and arrays kept; deeper containers become a marker. */
  depth: number;
  /** Values kept in total; the rest of a container becomes a count. */
  nodes: number;
  /** Entries kept per object or array. */
  items: number;
  /** Characters kept per string. */
  text: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { depth: 8, nodes: 500, items: 100, text: 256 };

/** How a walk treats each key and leaf; the context travels down (the gateway passes GraphQL input types). */
export interface JsonVisitor<Context> {
  leaf(value: unknown, context: Context): unknown;
  key(key: string, context: Context): string;
  child(context: Context, key: string | number): Context;
}

const UNSTORABLE = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Well-formed, NUL-free text of at most `max` characters (a cut is marked with the count cut). */
export function storableText(value: string, max: number): string {
  let text = UNSTORABLE.test(value) ? value.replace(LONE_SURROGATE, '\uFFFD').replace(/\u0000/g, '\uFFFD') : value;
  if (text.length > max) {
    let cut = text.slice(0, max);
    // Never split a surrogate pair: half of one is exactly what the stores refuse.
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
    text = `${cut}…[+${text.length - cut.length}]`;
  }
  return text;
}

export function storableNumber(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object';

function defaultLeaf(value: unknown, limits: JsonLimits): unknown {
  if (typeof value === 'string') return storableText(value, limits.text);
  if (typeof value === 'number') return storableNumber(value);
  if (typeof value === 'boolean' || value === null) return value;
  return null; // undefined, functions, bigint, symbols: JSON has no such value
}

/** Sets a property even when it is called `__proto__`. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function boundedJson<Context = undefined>(
  value: unknown,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
  visitor?: JsonVisitor<Context>,
  rootContext?: Context,
): unknown {
  const leaf = (v: unknown, c: Context) => {
    const out = visitor ? visitor.leaf(v, c) : v;
    return defaultLeaf(out, limits);
  };
  if (!isContainer(value)) return leaf(value, rootContext as Context);
  const newContainer = (v: object) => (Array.isArray(v) ? [] : {});
  const root = newContainer(value);
  const stack: [object, unknown[] | Record<string, unknown>, number, Context][] = [[value, root, 1, rootContext as Context]];
  let nodes = 0;
  while (stack.length > 0) {
    const [source, target, depth, context] = stack.pop()!;
    const keys: (string | number)[] = Array.isArray(source) ? source.map((_, i) => i) : Object.keys(source);
    let kept = 0;
    for (const key of keys) {
      if (kept >= limits.items || nodes >= limits.nodes) {
        const more = `[+${keys.length - kept} more]`;
        if (Array.isArray(target)) target.push(more);
        else put(target, '…', more);
        break;
      }
      kept++;
      nodes++;
      const child = (source as Record<string | number, unknown>)[key];
      const childContext = visitor ? visitor.child(context, key) : (undefined as Context);
      let out: unknown;
      if (isContainer(child)) {
        if (depth >= limits.depth) {
          out = `[nested deeper than ${limits.depth}]`;
        } else {
          out = newContainer(child);
          stack.push([child, out as unknown[] | Record<string, unknown>, depth + 1, childContext]);
        }
      } else {
        out = leaf(child, childContext);
      }
      if (Array.isArray(target)) target.push(out);
      else put(target, storableText(visitor ? visitor.key(String(key), context) : String(key), 64), out);
    }
  }
  return root;
}
