import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";

import {
  addWatchlistMember,
  createWatchlist,
  deleteWatchlist,
  listWatchlistMembers,
  listWatchlists,
  removeWatchlistMember,
  renameWatchlist,
} from "../api/endpoints";
import { keys } from "../api/keys";
import type { Delta, WatchlistSummary } from "../api/types";
import { ExcludedBadge, RoleBadge } from "../components/Badge";
import { Card, PageHeader } from "../components/Card";
import { DeltaValue } from "../components/DeltaValue";
import { EmptyState, ErrorAlert, Loading, Spinner } from "../components/Feedback";
import { Pagination } from "../components/Pagination";
import { PersonLink } from "../components/PersonLink";
import { SourceTag } from "../components/SourceTag";
import { TimeText } from "../components/TimeText";
import { isActive } from "../lib/backfills";
import { metricLabel } from "../lib/format";
import { SnapshotMembersButton, SnapshotProgress, useSnapshotMembers } from "./watchlists/SnapshotMembers";

const PAGE_SIZE = 25;

function OnlineDot({ online }: { online: boolean | null }) {
  const label = online === null ? "Unknown" : online ? "Online" : "Offline";
  const color = online === null ? "bg-slate-600" : online ? "bg-emerald-400" : "bg-slate-500";
  return (
    <span data-testid="member-online" data-online={String(online)} className="inline-flex items-center gap-1.5 text-xs text-slate-400">
      <span className={`h-2 w-2 rounded-full ${color} ${online ? "shadow-[0_0_6px] shadow-emerald-400" : ""}`} />
      {label}
    </span>
  );
}

function DeltaSummary({ delta }: { delta: Delta | null }) {
  if (!delta) return <span className="text-xs text-slate-500">No snapshots</span>;
  const changes = Object.entries(delta.deltas).filter(([, value]) => value !== null && value !== 0);
  return (
    <div className="space-y-0.5">
      {changes.length === 0 ? (
        <span className="text-xs text-slate-500">{delta.olderCapturedAt ? "No change" : "First capture"}</span>
      ) : (
        changes.slice(0, 3).map(([key, value]) => (
          <div key={key} className="flex items-center gap-2 text-xs">
            <span className="text-slate-400">{metricLabel(key)}</span>
            <DeltaValue value={value} />
          </div>
        ))
      )}
      <SourceTag source={delta.source} capturedAt={delta.newerCapturedAt} />
    </div>
  );
}

function ListSidebar({
  lists,
  selectedId,
  onSelect,
}: {
  lists: WatchlistSummary[];
  selectedId: number | null;
  onSelect: (id: number) => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: createWatchlist,
    onSuccess: (created) => {
      setName("");
      void queryClient.invalidateQueries({ queryKey: keys.watchlists });
      onSelect(created.id);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate(name.trim());
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

function ListHeader({ list, onDeleted }: { list: WatchlistSummary; onDeleted: () => void }) {
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(list.name);
  const rename = useMutation({
    mutationFn: (next: string) => renameWatchlist(list.id, next),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.watchlists });
      setRenaming(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteWatchlist(list.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.watchlists });
      onDeleted();
    },
  });
  const snapshot = useSnapshotMembers(list);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-3">
        {renaming ? (
          <form
            className="flex flex-1 gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (name.trim()) rename.mutate(name.trim());
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
              pending={snapshot.start.isPending}
              running={snapshot.backfill !== null && isActive(snapshot.backfill)}
              onStart={() => snapshot.start.mutate()}
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
                    if (window.confirm(`Delete the list “${list.name}”? Its members stay in the database.`)) remove.mutate();
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

function Members({ list }: { list: WatchlistSummary }) {
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const [username, setUsername] = useState("");
  const paging = { limit: PAGE_SIZE, offset };
  const members = useQuery({
    queryKey: keys.watchlistMembers(list.id, paging),
    queryFn: () => listWatchlistMembers(list.id, paging),
    placeholderData: keepPreviousData,
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: keys.watchlists });
    await queryClient.invalidateQueries({ queryKey: ["person"] });
  };
  const add = useMutation({
    mutationFn: (name: string) => addWatchlistMember(list.id, { username: name }),
    onSuccess: async () => {
      setUsername("");
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (personId: number) => removeWatchlistMember(list.id, personId),
    onSuccess: refresh,
  });

  return (
    <div className="space-y-4">
      <form
        className="flex flex-col gap-2 sm:flex-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (username.trim()) add.mutate(username.trim());
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

      {members.isPending ? (
        <Loading label="Loading members…" />
      ) : members.error ? (
        <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.items.length === 0 ? (
        <EmptyState title="This list is empty">Add someone by username above.</EmptyState>
      ) : (
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
                {members.data.items.map((member) => (
                  <tr key={member.person.id} data-testid="watchlist-member" data-username={member.person.username} className="table-row align-top">
                    <td className="px-4 py-2.5">
                      <div className="flex flex-wrap items-center gap-1.5">
                        <PersonLink id={member.person.id} username={member.person.username} />
                        <RoleBadge role={member.person.role} />
                        {member.person.isExcluded ? <ExcludedBadge /> : null}
                      </div>
                    </td>
                    <td className="px-4 py-2.5">
                      <OnlineDot online={member.online} />
                    </td>
                    <td className="hidden px-4 py-2.5 md:table-cell">
                      <DeltaSummary delta={member.lastDelta} />
                    </td>
                    <td className="hidden px-4 py-2.5 text-slate-400 sm:table-cell">
                      <TimeText iso={member.lastInteractionAt} />
                    </td>
                    <td className="hidden px-4 py-2.5 text-slate-400 lg:table-cell">
                      <TimeText iso={member.addedAt} />
                    </td>
                    <td className="px-4 py-2.5 text-right">
                      <button
                        type="button"
                        data-testid="watchlist-member-remove"
                        aria-label={`Remove ${member.person.username}`}
                        className="btn-ghost btn-sm text-rose-300 hover:text-rose-200"
                        disabled={remove.isPending}
                        onClick={() => remove.mutate(member.person.id)}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="border-t border-slate-800 px-4 pb-3">
            <Pagination total={members.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
          </div>
        </div>
      )}
    </div>
  );
}

export function WatchlistsPage() {
  const [search, setSearch] = useSearchParams();
  const lists = useQuery({ queryKey: keys.watchlists, queryFn: listWatchlists });
  const requested = Number(search.get("list"));
  const select = (id: number | null) => {
    const next = new URLSearchParams(search);
    if (id === null) next.delete("list");
    else next.set("list", String(id));
    setSearch(next, { replace: true });
  };

  if (lists.isPending) return <Loading label="Loading watchlists…" />;
  if (lists.error) return <ErrorAlert error={lists.error} onRetry={() => void lists.refetch()} />;
  const selected = lists.data.find((list) => list.id === requested) ?? lists.data[0] ?? null;

  return (
    <div data-testid="watchlists-page">
      <PageHeader title="Watchlists" subtitle="Lists of people to keep an eye on." />
      <div className="grid gap-5 lg:grid-cols-[18rem_1fr]">
        <ListSidebar lists={lists.data} selectedId={selected?.id ?? null} onSelect={select} />
        <div className="min-w-0 space-y-4">
          {selected ? (
            <>
              <ListHeader key={selected.id} list={selected} onDeleted={() => select(null)} />
              <Members key={`members-${selected.id}`} list={selected} />
            </>
          ) : (
            <EmptyState title="No watchlists">Create one on the left.</EmptyState>
          )}
        </div>
      </div>
    </div>
  );
}
