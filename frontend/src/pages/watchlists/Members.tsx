import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { listWatchlistMembers } from "../../api/endpoints";
import { keys } from "../../api/keys";
import { useAddWatchlistMember, useRemoveWatchlistMember } from "../../api/mutations/watchlists";
import type { WatchlistSummary } from "../../api/types";
import { EmptyState, ErrorAlert, noItems, QueryState, Spinner } from "../../components/Feedback";
import { Pagination } from "../../components/Pagination";
import { MemberRow } from "./MemberRow";

const PAGE_SIZE = 25;

/** A list's members, a page at a time, with the form that adds someone by username. */
export function Members({ list }: { list: WatchlistSummary }) {
  const [offset, setOffset] = useState(0);
  const [username, setUsername] = useState("");
  const paging = { limit: PAGE_SIZE, offset };
  const members = useQuery({
    queryKey: keys.watchlistMembers(list.id, paging),
    queryFn: () => listWatchlistMembers(list.id, paging),
    placeholderData: keepPreviousData,
  });
  const add = useAddWatchlistMember();
  const remove = useRemoveWatchlistMember();

  return (
    <div className="space-y-4">
      <form
        className="flex flex-col gap-2 sm:flex-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (!username.trim()) return;
          add.mutate({ watchlistId: list.id, member: { username: username.trim() } }, { onSuccess: () => setUsername("") });
        }}
      >
        <input
          data-testid="watchlist-add-username"
          aria-label="Username to add"
          className="input"
          placeholder="Add by username, e.g. big_tipper_77"
          autoComplete="off"
          autoCapitalize="none"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <button type="submit" data-testid="watchlist-add-submit" className="btn-primary shrink-0" disabled={!username.trim() || add.isPending}>
          {add.isPending ? <Spinner /> : null}
          Add member
        </button>
      </form>
      {add.error ? <ErrorAlert error={add.error} /> : null}
      {remove.error ? <ErrorAlert error={remove.error} /> : null}

      <QueryState
        query={members}
        loadingLabel="Loading members…"
        isEmpty={noItems}
        empty={<EmptyState title="This list is empty">Add someone by username above.</EmptyState>}
      >
        {(page) => (
          <div className="card overflow-hidden">
            <div className="overflow-x-auto">
              <table data-testid="member-table" className="w-full text-sm">
                <thead>
                  <tr className="table-head">
                    <th className="px-4 py-2.5">Person</th>
                    <th className="px-4 py-2.5">Status</th>
                    <th className="hidden px-4 py-2.5 md:table-cell">Last snapshot Δ</th>
                    <th className="hidden px-4 py-2.5 sm:table-cell">Last interaction</th>
                    <th className="hidden px-4 py-2.5 lg:table-cell">Added</th>
                    <th className="px-4 py-2.5" aria-label="Actions" />
                  </tr>
                </thead>
                <tbody className={members.isPlaceholderData ? "opacity-60" : ""}>
                  {page.items.map((member) => (
                    <MemberRow
                      key={member.person.id}
                      member={member}
                      removing={remove.isPending}
                      onRemove={() => remove.mutate({ watchlistId: list.id, personId: member.person.id })}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <div className="border-t border-slate-800 px-4 pb-3">
              <Pagination total={page.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
            </div>
          </div>
        )}
      </QueryState>
    </div>
  );
}
