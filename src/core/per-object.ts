/**
 * State kept for the life of an object (a transaction's unit, a database) and dropped with it:
 * `of(key)` returns the key's state, made by `make()` on first use. For what a transaction reads
 * once for all its units, or a process keeps per database.
 */
export function perObject<K extends object, V>(make: () => V): (key: K) => V {
  const states = new WeakMap<K, V>();
  return (key) => {
    let state = states.get(key);
    if (state === undefined) states.set(key, (state = make()));
    return state;
  };
}
