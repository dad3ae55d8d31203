import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useState } from "react";

import { listPeople, type PeopleFilters, type PeopleSort, type SortOrder } from "../api/endpoints";
import { keys } from "../api/keys";
import { watchlistsQuery } from "../api/queries";
import { ROLES, type PersonListItem, type Role } from "../api/types";
import { ExcludedBadge, RoleBadge } from "../components/Badge";
import { PageHeader } from "../components/Card";
import { EmptyState, noItems, QueryState, Spinner } from "../components/Feedback";
import { Pagination } from "../components/Pagination";
import { PersonLink } from "../components/PersonLink";
import { TimeText } from "../components/TimeText";
import { useDebounced } from "../hooks/useDebounced";
import { useSearchState, type SearchChanges } from "../hooks/useSearchState";
import { formatNumber, roleLabel } from "../lib/format";
import { positiveInt } from "../lib/params";
import { ScrollX } from "../components/ScrollX";

const PAGE_SIZE = 25;
const SORTS: { id: PeopleSort; label: string }[] = [
  { id: "lastSeen", label: "Last seen" },
  { id: "firstSeen", label: "First seen" },
  { id: "username", label: "Username" },
  { id: "spend", label: "Tips total" },
];

function isSort(value: string | null): value is PeopleSort {
  return SORTS.some((sort) => sort.id === value);
}

function isRole(value: string | null): value is Role {
  return (ROLES as readonly (string | null)[]).includes(value);
}

/** Read the filters from the address bar so that a filtered view can be bookmarked. */
function filtersFrom(search: URLSearchParams): PeopleFilters {
  const sort = search.get("sort");
  const role = search.get("role");
  const excluded = search.get("excluded");
  return {
    q: search.get("q") ?? "",
    role: isRole(role) ? role : "",
    watchlistId: positiveInt(search.get("watchlist")),
    excluded: excluded === "only" ? true : excluded === "hide" ? false : null,
    sort: isSort(sort) ? sort : "lastSeen",
    order: search.get("order") === "asc" ? "asc" : "desc",
    limit: PAGE_SIZE,
    offset: positiveInt(search.get("offset")) ?? 0,
  };
}

/** A person's tags (key=value) and the watchlists they are on, as small chips. */
function TagsAndLists({ person }: { person: PersonListItem }) {
  if (person.tags.length === 0 && person.watchlists.length === 0) return null;
  return (
    <div data-testid="people-tags" className="mt-1 flex max-w-xs flex-wrap gap-1 md:mt-0">
      {person.tags.map((tag) => (
        <span key={tag.key} className="rounded-md border border-indigo-800/60 bg-indigo-950/50 px-1.5 py-0.5 text-[11px] text-indigo-200">
          {tag.value ? `${tag.key}=${tag.value}` : tag.key}
        </span>
      ))}
      {person.watchlists.map((list) => (
        <span key={list.id} className="rounded-md border border-slate-700 bg-slate-800/70 px-1.5 py-0.5 text-[11px] text-slate-300">
          <span aria-hidden>☆ </span>
          {list.name}
        </span>
      ))}
    </div>
  );
}

export function PeoplePage() {
  const [search, updateSearch] = useSearchState();
  const filters = filtersFrom(search);
  const [text, setText] = useState(filters.q ?? "");
  const debounced = useDebounced(text.trim(), 300);

  // Any change of filter starts again from the first page.
  const update = (changes: SearchChanges) => updateSearch({ ...changes, offset: null });

  // Only the settled text writes to the address bar; going back in history must not rewrite it.
  const writeQuery = useEffectEvent((q: string) => {
    if (q !== (search.get("q") ?? "")) update({ q });
  });
  useEffect(() => writeQuery(debounced), [debounced]);

  const people = useQuery({
    queryKey: keys.people(filters),
    queryFn: () => listPeople(filters),
    placeholderData: keepPreviousData,
  });
  const watchlists = useQuery(watchlistsQuery());
  const excludedValue = filters.excluded === true ? "only" : filters.excluded === false ? "hide" : "";
  const filtered = Boolean(filters.q || filters.role || filters.watchlistId || filters.excluded !== null);

  return (
    <div data-testid="people-page" className="space-y-5">
      <PageHeader title="People" subtitle="Everyone MHC has seen, viewers and models alike." />
      <div className="card grid grid-cols-1 gap-3 p-4 sm:grid-cols-2 lg:grid-cols-[minmax(0,1fr)_9rem_11rem_9rem_11rem]">
        <div className="sm:col-span-2 lg:col-span-1">
          <label htmlFor="people-search" className="label">
            Search
          </label>
          <input
            id="people-search"
            data-testid="people-search"
            type="search"
            className="input"
            placeholder="Any part of a name, alias, note or tag"
            autoComplete="off"
            autoCapitalize="none"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor="people-role" className="label">
            Role
          </label>
          <select id="people-role" data-testid="people-role" className="input" value={filters.role ?? ""} onChange={(event) => update({ role: event.target.value })}>
            <option value="">Any role</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="people-watchlist" className="label">
            Watchlist
          </label>
          <select
            id="people-watchlist"
            data-testid="people-watchlist"
            className="input"
            value={filters.watchlistId ?? ""}
            onChange={(event) => update({ watchlist: event.target.value })}
          >
            <option value="">Any list</option>
            {(watchlists.data ?? []).map((list) => (
              <option key={list.id} value={list.id}>
                {list.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="people-excluded" className="label">
            Excluded
          </label>
          <select id="people-excluded" data-testid="people-excluded" className="input" value={excludedValue} onChange={(event) => update({ excluded: event.target.value })}>
            <option value="">Include</option>
            <option value="hide">Hide</option>
            <option value="only">Only excluded</option>
          </select>
        </div>
        <div>
          <label htmlFor="people-sort" className="label">
            Sort by
          </label>
          <div className="flex gap-1">
            <select id="people-sort" data-testid="people-sort" className="input" value={filters.sort} onChange={(event) => update({ sort: event.target.value })}>
              {SORTS.map((sort) => (
                <option key={sort.id} value={sort.id}>
                  {sort.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              data-testid="people-order"
              className="btn-secondary px-2.5"
              aria-label={filters.order === "asc" ? "Ascending" : "Descending"}
              title={filters.order === "asc" ? "Ascending" : "Descending"}
              onClick={() => update({ order: (filters.order === "asc" ? "desc" : "asc") satisfies SortOrder })}
            >
              {filters.order === "asc" ? "↑" : "↓"}
            </button>
          </div>
        </div>
      </div>

      <QueryState
        query={people}
        loadingLabel="Loading people…"
        isEmpty={noItems}
        empty={
          <EmptyState title={filtered ? "Nobody matches these filters" : "Nobody seen yet"}>
            {filtered ? "Try a shorter name or fewer filters." : "Look someone up to get started."}
          </EmptyState>
        }
      >
        {(page) => (
          <div className="card overflow-hidden">
            <ScrollX label="People">
              <table data-testid="people-table" className="w-full text-sm">
                <thead>
                  <tr className="table-head">
                    <th className="px-4 py-2.5">Username</th>
                    <th className="hidden px-4 py-2.5 sm:table-cell">Role</th>
                    <th className="hidden px-4 py-2.5 md:table-cell">Tags and lists</th>
                    <th className="px-4 py-2.5 text-right">Tips total</th>
                    <th className="hidden px-4 py-2.5 md:table-cell">Last interaction</th>
                    <th className="hidden px-4 py-2.5 sm:table-cell">Last seen</th>
                    <th className="hidden px-4 py-2.5 lg:table-cell">First seen</th>
                  </tr>
                </thead>
                <tbody className={people.isPlaceholderData ? "opacity-60" : ""}>
                  {page.items.map((person) => (
                    <tr key={person.id} data-testid="people-row" data-username={person.username} className="table-row">
                      <td className="px-4 py-2.5">
                        <div className="flex flex-wrap items-center gap-1.5">
                          <PersonLink id={person.id} username={person.username} />
                          {person.isExcluded ? <ExcludedBadge /> : null}
                        </div>
                        {person.aliases.length ? <p className="text-xs text-slate-500">aka {person.aliases.join(", ")}</p> : null}
                        {person.latestNote ? (
                          <p data-testid="people-note" className="mt-0.5 line-clamp-2 max-w-md text-xs text-slate-400 [overflow-wrap:anywhere]" title={person.latestNote}>
                            <span aria-hidden>✎ </span>
                            {person.latestNote}
                          </p>
                        ) : null}
                        {/* On a phone the tags and lists ride under the name instead of a column. */}
                        <div className="md:hidden">
                          <TagsAndLists person={person} />
                        </div>
                      </td>
                      <td className="hidden px-4 py-2.5 sm:table-cell">
                        <RoleBadge role={person.role} />
                      </td>
                      <td className="hidden px-4 py-2.5 md:table-cell">
                        <TagsAndLists person={person} />
                      </td>
                      <td className="px-4 py-2.5 text-right text-emerald-300 tabular-nums">
                        {person.tipsTotal ? `${formatNumber(person.tipsTotal)} tk` : <span className="text-slate-500">—</span>}
                      </td>
                      <td className="hidden px-4 py-2.5 text-slate-400 md:table-cell">
                        <TimeText iso={person.lastInteractionAt} />
                      </td>
                      <td className="hidden px-4 py-2.5 text-slate-400 sm:table-cell">
                        <TimeText iso={person.lastSeenAt} />
                      </td>
                      <td className="hidden px-4 py-2.5 text-slate-400 lg:table-cell">
                        <TimeText iso={person.firstSeenAt} mode="absolute" />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollX>
            <div className="flex items-center gap-2 border-t border-slate-800 px-4 pb-3">
              <div className="flex-1">
                <Pagination
                  total={page.total}
                  exact={page.totalIsExact}
                  limit={PAGE_SIZE}
                  offset={filters.offset ?? 0}
                  onChange={(offset) => updateSearch({ offset: offset ? String(offset) : null }, { push: true })}
                />
              </div>
              {people.isFetching ? <Spinner className="mt-3 h-3 w-3" /> : null}
            </div>
          </div>
        )}
      </QueryState>
    </div>
  );
}
