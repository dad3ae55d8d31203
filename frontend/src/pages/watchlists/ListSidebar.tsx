import { useState, type FormEvent } from "react";

import { useCreateWatchlist } from "../../api/mutations/watchlists";
import type { WatchlistSummary } from "../../api/types";
import { Card } from "../../components/Card";
import { ErrorAlert } from "../../components/Feedback";
import { clearedIfSent } from "../../lib/forms";

/** Every list with its member count, and the form that creates one (and selects it). */
export function ListSidebar({
  lists,
  selectedId,
  onSelect,
}: {
  lists: WatchlistSummary[];
  selectedId: number | null;
  onSelect: (id: number) => void;
}) {
  const [name, setName] = useState("");
  const create = useCreateWatchlist();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate(name.trim(), {
      onSuccess: (created) => {
        setName(clearedIfSent(name));
        onSelect(created.id);
      },
    });
  };
  return (
    <div className="space-y-4">
      <nav data-testid="watchlist-list" className="card p-2">
        {lists.map((list) => {
          const active = list.id === selectedId;
          return (
            <button
              key={list.id}
              type="button"
              data-testid="watchlist-item"
              data-watchlist-id={list.id}
              data-name={list.name}
              onClick={() => onSelect(list.id)}
              className={`flex w-full cursor-pointer items-center justify-between gap-2 rounded-lg px-3 py-2 text-left text-sm transition-colors ${
                active ? "bg-indigo-500/15 text-white" : "text-slate-300 hover:bg-slate-800/60"
              }`}
            >
              <span className="flex min-w-0 items-center gap-2">
                <span className="truncate font-medium">{list.name}</span>
                {list.isSystem ? <span className="text-[10px] text-slate-500 uppercase">built-in</span> : null}
              </span>
              <span
                data-testid="watchlist-count"
                className="rounded-full bg-slate-800 px-2 py-0.5 text-xs text-slate-400 tabular-nums"
              >
                {list.memberCount}
              </span>
            </button>
          );
        })}
      </nav>
      <Card title="New list">
        <form onSubmit={submit} className="flex gap-2">
          <input
            data-testid="watchlist-create-name"
            aria-label="New list name"
            className="input"
            placeholder="List name"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" data-testid="watchlist-create-submit" className="btn-primary shrink-0" disabled={!name.trim() || create.isPending}>
            Create
          </button>
        </form>
        {create.error ? (
          <div className="mt-2">
            <ErrorAlert error={create.error} />
          </div>
        ) : null}
      </Card>
    </div>
  );
}
