import type { QueryClient, QueryKey } from "@tanstack/react-query";

/** Put something in the cache under each key, as if a page had loaded it. */
export function seed(queryClient: QueryClient, ...queryKeys: QueryKey[]): void {
  for (const queryKey of queryKeys) queryClient.setQueryData(queryKey, { loaded: queryKey });
}

/** Which of `queryKeys` a mutation marked stale (to be loaded again). */
export function invalidatedAmong(queryClient: QueryClient, ...queryKeys: QueryKey[]): QueryKey[] {
  return queryKeys.filter((queryKey) => queryClient.getQueryState(queryKey)?.isInvalidated === true);
}
