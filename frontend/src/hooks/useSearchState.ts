import { useSearchParams } from "react-router";

/** Keys to change in the address bar's search: a value sets its key, null or "" removes it. */
export type SearchChanges = Record<string, string | null>;

/** `push` makes the change a step of its own in the history (a new page of a list). */
export type SearchUpdate = (changes: SearchChanges, options?: { push?: boolean }) => void;

/**
 * The page's search params, and a way to change some of them. By default in place (no new
 * history entry), so Back leaves the page instead of stepping through every keystroke of a
 * filter; a change made with `push` (paging) is one step of Back.
 */
export function useSearchState(): [URLSearchParams, SearchUpdate] {
  const [search, setSearch] = useSearchParams();
  const update: SearchUpdate = (changes, { push = false } = {}) =>
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === "") next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: !push },
    );
  return [search, update];
}
