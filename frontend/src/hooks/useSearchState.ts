import { useSearchParams } from "react-router";

/** Keys to change in the address bar's search: a value sets its key, null or "" removes it. */
export type SearchChanges = Record<string, string | null>;

/**
 * The page's search params, and a way to change some of them in place: no new history entry,
 * so Back leaves the page instead of stepping through its filters.
 */
export function useSearchState(): [URLSearchParams, (changes: SearchChanges) => void] {
  const [search, setSearch] = useSearchParams();
  const update = (changes: SearchChanges) =>
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === "") next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  return [search, update];
}
