import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { listWatchlistMembers } from "../../api/endpoints";
import { keys } from "../../api/keys";
import { useAddWatchlistMember, useRemoveWatchlistMember } from "../../api/mutations/watchlists";
import { ApiError } from "../../api/client";
import type { WatchlistMember, WatchlistSummary } from "../../api/types";
import { EmptyState, ErrorAlert, noItems, QueryState, Spinner } from "../../components/Feedback";
import { Pagination } from "../../components/Pagination";
import { useUndoable } from "../../hooks/useUndoable";
import { MemberRow } from "./MemberRow";
import { ScrollX } from "../../components/ScrollX";
import { clearedIfSent } from "../../lib/forms";

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
  // Remove waits a few seconds with an Undo, then takes the member off for real.
  const removal = useUndoable(({ listId, member }: { listId: number; listName: string; member: WatchlistMember }) =>
    remove.mutate({ watchlistId: listId, personId: member.person.id }),
  );
  const addMember = (name: string, createIfUnknown = false) =>
    add.mutate(
      { watchlistId: list.id, member: createIfUnknown ? { username: name, createIfUnknown } : { username: name } },
      { onSuccess: () => setUsername(clearedIfSent(name)) },
    );
  // A name the panel has never seen is most often a typo: say so, and offer to add it anyway.
  const unknownName = add.error instanceof ApiError && add.error.status === 404 ? add.variables?.member : undefined;

  return (
    <div className="space-y-4">
      <form
        className="flex flex-col gap-2 sm:flex-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (!username.trim()) return;
          addMember(username.trim());
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
      {unknownName && "username" in unknownName ? (
        <div
          role="alert"
          data-testid="watchlist-unknown-name"
          className="flex flex-col gap-3 rounded-lg border border-amber-700/60 bg-amber-950/40 px-4 py-3 text-sm sm:flex-row sm:items-center"
        >
          <p className="min-w-0 flex-1 text-amber-100 [overflow-wrap:anywhere]">
            Nobody called <strong>{unknownName.username}</strong> has been seen yet. Check the spelling, or add them as a
            new person to watch for.
          </p>
          <button
            type="button"
            data-testid="watchlist-add-new-person"
            className="btn-secondary btn-sm shrink-0"
            disabled={add.isPending}
            onClick={() => addMember(unknownName.username, true)}
          >
            Add {unknownName.username} as new
          </button>
        </div>
      ) : add.error ? (
        <ErrorAlert error={add.error} />
      ) : null}
      {remove.error ? <ErrorAlert error={remove.error} /> : null}
      {removal.pending ? (
        <div
          role="status"
          data-testid="watchlist-undo"
          className="flex items-center gap-3 rounded-lg border border-slate-700 bg-slate-800/80 px-4 py-2.5 text-sm text-slate-200"
        >
          <span className="min-w-0 flex-1 [overflow-wrap:anywhere]">
            Removed <strong>{removal.pending.member.person.username}</strong> from {removal.pending.listName}.
          </span>
          <button type="button" data-testid="watchlist-undo-button" className="btn-secondary btn-sm shrink-0" onClick={removal.undo}>
            Undo
          </button>
        </div>
      ) : null}

      <QueryState
        query={members}
        loadingLabel="Loading members…"
        isEmpty={noItems}
        empty={<EmptyState title="This list is empty">Add someone by username above.</EmptyState>}
      >
        {(page) => (
          <div className="card overflow-hidden">
            <ScrollX label="Members">
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
                  {page.items
                    .filter((member) => !(removal.pending?.listId === list.id && member.person.id === removal.pending.member.person.id))
                    .map((member) => (
                      <MemberRow key={member.person.id} member={member} removing={remove.isPending} onRemove={() => removal.schedule({ listId: list.id, listName: list.name, member })}
                      />
                    ))}
                </tbody>
              </table>
            </ScrollX>
            <div className="border-t border-slate-800 px-4 pb-3">
              <Pagination total={page.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
            </div>
          </div>
        )}
      </QueryState>
    </div>
  );
}
