// A stand-in that forwards every property to an object made on first use: modules can export
// `db` or `log` without opening a database or reading the environment at import time (which
// `next build` does), and tests can replace the object behind it.
export function lazyProxy<T extends object>(resolve: () => T): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const target = resolve();
      const value = Reflect.get(target, property) as unknown;
      return typeof value === "function"
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
