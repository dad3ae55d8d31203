import { useEffect, useState } from "react";

const loaded = new Map<() => Promise<unknown>, unknown>();

function fetchModule<T>(load: () => Promise<T>): Promise<T> {
  return load().then((value) => {
    loaded.set(load, value);
    return value;
  });
}

/** Start loading the module `load` imports, for a `useModule(load)` to come (which reports a
 * failure to load). */
export function preloadModule<T>(load: () => Promise<T>): void {
  fetchModule(load).catch(() => undefined);
}

/**
 * The module `load` imports, once it has arrived (undefined until then; at once after its first
 * arrival). Not `React.lazy`: a Suspense boundary keeps its placeholder up for at least 300 ms,
 * however soon the module arrives. A module that fails to load is thrown to the error boundary.
 * `load` must be the same function on every render (declare it at module level).
 */
export function useModule<T>(load: () => Promise<T>): T | undefined {
  const [module, setModule] = useState(() => loaded.get(load) as T | undefined);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    if (module !== undefined) return;
    let current = true;
    fetchModule(load).then(
      (value) => {
        if (current) setModule(value);
      },
      (reason: unknown) => {
        if (current) setError(reason instanceof Error ? reason : new Error(String(reason)));
      },
    );
    return () => {
      current = false;
    };
  }, [load, module]);
  if (error) throw error;
  return module;
}
