import { useState } from "react";

import { useDeleteWatchlist, useRenameWatchlist } from "../../api/mutations/watchlists";
import type { WatchlistSummary } from "../../api/types";
import { ErrorAlert } from "../../components/Feedback";
import { isActive } from "../../lib/backfills";
import { SnapshotMembersButton, SnapshotProgress, useSnapshotMembers } from "./SnapshotMembers";

/** The selected list's name and size, with snapshot, rename and delete (built-in lists keep theirs). */
export function ListHeader({ list, onDeleted }: { list: WatchlistSummary; onDeleted: () => void }) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(list.name);
  const rename = useRenameWatchlist();
  const remove = useDeleteWatchlist();
  const snapshot = useSnapshotMembers(list);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-3">
        {renaming ? (
          <form
            className="flex flex-1 gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (name.trim()) rename.mutate({ id: list.id, name: name.trim() }, { onSuccess: () => setRenaming(false) });
            }}
          >
            <input data-testid="watchlist-rename-input" aria-label="List name" className="input max-w-xs" value={name} onChange={(event) => setName(event.target.value)} autoFocus />
            <button type="submit" data-testid="watchlist-rename-save" className="btn-primary btn-sm" disabled={!name.trim() || rename.isPending}>
              Save
            </button>
            <button type="button" className="btn-ghost btn-sm" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <h2 data-testid="watchlist-title" className="text-lg font-semibold text-white">
            {list.name}
            <span className="ml-2 text-sm font-normal text-slate-400">
              {list.memberCount} member{list.memberCount === 1 ? "" : "s"}
            </span>
          </h2>
        )}
        {!renaming ? (
          <div className="flex flex-wrap gap-2">
            <SnapshotMembersButton
              list={list}
              pending={snapshot.starting}
              running={snapshot.backfill !== null && isActive(snapshot.backfill)}
              onStart={snapshot.start}
            />
            {list.isSystem ? null : (
              <>
                <button
                  type="button"
                  data-testid="watchlist-rename"
                  className="btn-secondary btn-sm"
                  onClick={() => {
                    setName(list.name);
                    setRenaming(true);
                  }}
                >
                  Rename
                </button>
                <button
                  type="button"
                  data-testid="watchlist-delete"
                  className="btn-danger btn-sm"
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(`Delete the list “${list.name}”? Its members stay in the database.`)) {
                      remove.mutate(list.id, { onSuccess: onDeleted });
                    }
                  }}
                >
                  Delete
                </button>
              </>
            )}
          </div>
        ) : null}
      </div>
      <SnapshotProgress backfill={snapshot.backfill} error={snapshot.error} />
      {rename.error ? <ErrorAlert error={rename.error} /> : null}
      {remove.error ? <ErrorAlert error={remove.error} /> : null}
    </div>
  );
}
