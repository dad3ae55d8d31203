import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";

import { useAddWatchlistMember, useRemoveWatchlistMember } from "../api/mutations/watchlists";
import { watchlistsQuery } from "../api/queries";
import type { WatchlistRef } from "../api/types";
import { useUndoable } from "../hooks/useUndoable";
import { ErrorAlert, Spinner } from "./Feedback";

/** The watchlists a person is on, with add and remove controls. */
export function WatchlistMembership({
  personId,
  watchlists,
}: {
  personId: number;
  watchlists: WatchlistRef[];
}) {
  const all = useQuery(watchlistsQuery());
  const [selected, setSelected] = useState("");

  const add = useAddWatchlistMember();
  const remove = useRemoveWatchlistMember();
  // Taking someone off a list waits a few seconds with an Undo, like the list's own Remove.
  const removal = useUndoable((list: WatchlistRef) => remove.mutate({ watchlistId: list.id, personId }));
  const shown = watchlists.filter((list) => list.id !== removal.pending?.id);

  const memberOf = new Set(watchlists.map((list) => list.id));
  const candidates = (all.data ?? []).filter((list) => !memberOf.has(list.id));

  return (
    <div data-testid="person-watchlists" className="space-y-2">
      <div className="flex flex-wrap gap-1.5">
        {shown.length === 0 ? (
          <span className="text-sm text-slate-500">On no watchlist.</span>
        ) : (
          shown.map((list) => (
            <span
              key={list.id}
              data-testid="person-watchlist"
              data-watchlist-id={list.id}
              className="inline-flex items-center gap-1 rounded-md border border-violet-700/60 bg-violet-950/50 py-0.5 pr-0.5 pl-2 text-xs font-medium text-violet-200"
            >
              <Link to={`/watchlists?list=${list.id}`} className="hover:underline">
                {list.name}
              </Link>
              <button
                type="button"
                data-testid="person-watchlist-remove"
                aria-label={`Remove from ${list.name}`}
                className="cursor-pointer rounded px-1 text-violet-300 hover:bg-violet-800/60 hover:text-white"
                disabled={remove.isPending}
                onClick={() => removal.schedule(list)}
              >
                ×
              </button>
            </span>
          ))
        )}
      </div>
      {removal.pending ? (
        <p role="status" data-testid="person-watchlist-undo" className="flex items-center gap-2 text-xs text-slate-300">
          Taken off {removal.pending.name}.
          <button type="button" className="link cursor-pointer" onClick={removal.undo}>
            Undo
          </button>
        </p>
      ) : null}
      <form
        className="flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (selected) add.mutate({ watchlistId: Number(selected), member: { personId } }, { onSuccess: () => setSelected("") });
        }}
      >
        <select
          data-testid="person-watchlist-select"
          aria-label="Watchlist to add to"
          className="input py-1.5 text-xs"
          value={selected}
          disabled={all.isPending || candidates.length === 0}
          onChange={(event) => setSelected(event.target.value)}
        >
          <option value="">{all.isPending ? "Loading lists…" : "Add to watchlist…"}</option>
          {candidates.map((list) => (
            <option key={list.id} value={list.id}>
              {list.name}
            </option>
          ))}
        </select>
        <button
          type="submit"
          data-testid="person-watchlist-add"
          className="btn-secondary btn-sm shrink-0"
          disabled={!selected || add.isPending}
        >
          {add.isPending ? <Spinner className="h-3 w-3" /> : null}
          Add
        </button>
      </form>
      {all.error ? <ErrorAlert error={all.error} /> : null}
      {add.error ? <ErrorAlert error={add.error} /> : null}
      {remove.error ? <ErrorAlert error={remove.error} /> : null}
    </div>
  );
}
