// A value that is its JSON text until someone looks inside. Reads produce the wire JSON as text
// (built by Postgres or taken from Redis); REST sends that text untouched (see rawJsonOf), tRPC
// serialises the value, which parses it on first access. So a REST cache hit does no JSON work at all.
const RAW = Symbol('folio.rawJson');

/** Properties that promise, stream and serialiser code probe for; no wire object has them. */
const PROBES = new Set(['then', 'pipe', 'getReader', 'buffer', 'toJSON']);

/** The JSON text a value was made from, if it came from lazyJson and is still untouched. */
export function rawJsonOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = (value as Record<symbol, unknown>)[RAW];
  return typeof raw === 'string' ? raw : undefined;
}

/**
 * `json` must encode an array when `shape` is 'array', an object otherwise. The proxy fills its
 * target with the parsed value before answering any question about its contents, so it behaves as
 * the plain value would (Array.isArray, JSON.stringify, spreading, zod parsing) and keeps the Proxy
 * invariants. Property reads that no wire object has (then, pipe, toJSON) do not parse.
 */
export function lazyJson<T extends object>(json: string, shape: 'array' | 'object'): T {
  const target: Record<string | symbol, unknown> | unknown[] = shape === 'array' ? [] : {};
  let parsed = false;
  const ensure = () => {
    if (parsed) return;
    parsed = true;
    const value: unknown = JSON.parse(json);
    if (Array.isArray(target)) {
      for (const item of value as unknown[]) target.push(item);
    } else {
      Object.assign(target, value);
    }
  };
  const contentKey = (key: string | symbol) =>
    typeof key === 'string' &&
    (Array.isArray(target) ? key === 'length' || /^\d+$/.test(key) : !(key in Object.prototype) && !PROBES.has(key));

  return new Proxy(target, {
    get(t, key, receiver) {
      if (key === RAW) return parsed ? undefined : json;
      if (contentKey(key)) ensure();
      return Reflect.get(t, key, receiver);
    },
    has(t, key) {
      if (key === RAW) return !parsed;
      ensure();
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      ensure();
      return Reflect.ownKeys(t);
    },
    getOwnPropertyDescriptor(t, key) {
      ensure();
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
    set(t, key, value, receiver) {
      ensure();
      return Reflect.set(t, key, value, receiver);
    },
    defineProperty(t, key, desc) {
      ensure();
      return Reflect.defineProperty(t, key, desc);
    },
    deleteProperty(t, key) {
      ensure();
      return Reflect.deleteProperty(t, key);
    },
  }) as T;
}
