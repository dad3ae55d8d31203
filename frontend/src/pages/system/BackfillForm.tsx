import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { useStartBackfill } from "../../api/mutations/backfills";
import { watchlistsQuery } from "../../api/queries";
import { BACKFILL_KINDS, type Backfill, type BackfillKind } from "../../api/types";
import { ErrorAlert, Spinner } from "../../components/Feedback";
import { KIND_LABELS } from "../../lib/backfills";
import { checkDraft, EMPTY_DRAFT, MAX_USERNAMES, parseUsernames, type BackfillDraft, type SnapshotTarget } from "./backfillRequest";

const KIND_HINTS: Record<BackfillKind, string> = {
  statbate_snapshots: "A Statbate member snapshot of each name, 100 names per call.",
  tip_history: "The room's tips from Statbate, older than the first event the worker recorded live.",
  chat_import: "The room's chat history from Statbate Plus; a re-run stores nothing twice.",
};

/** Queues a backfill for the worker; the list beside it shows it moving. */
export function BackfillForm({ onQueued }: { onQueued?: (backfill: Backfill) => void }) {
  const [draft, setDraft] = useState<BackfillDraft>(EMPTY_DRAFT);
  const [validation, setValidation] = useState<string | null>(null);
  const [queued, setQueued] = useState<Backfill | null>(null);
  const watchlists = useQuery({
    ...watchlistsQuery(),
    enabled: draft.kind === "statbate_snapshots" && draft.target === "watchlist",
  });
  const start = useStartBackfill();
  const edit = (change: Partial<BackfillDraft>) => {
    setDraft((current) => ({ ...current, ...change }));
    setValidation(null);
    setQueued(null);
    start.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const check = checkDraft(draft);
    if (!check.ok) {
      setValidation(check.message);
      return;
    }
    start.mutate(check.request, {
      onSuccess: (backfill) => {
        setQueued(backfill);
        setDraft((current) => ({ ...current, usernames: "" }));
        onQueued?.(backfill);
      },
    });
  };
  const nameCount = parseUsernames(draft.usernames).length;

  return (
    <form data-testid="backfill-form" onSubmit={submit} noValidate className="space-y-3">
      <div>
        <label htmlFor="backfill-kind" className="label">
          Kind
        </label>
        <select
          id="backfill-kind"
          data-testid="backfill-kind"
          className="input"
          value={draft.kind}
          onChange={(event) => edit({ kind: event.target.value as BackfillKind })}
        >
          {BACKFILL_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
        <p className="mt-1 text-xs text-slate-500">{KIND_HINTS[draft.kind]}</p>
      </div>

      {draft.kind === "statbate_snapshots" ? (
        <fieldset className="space-y-2">
          <legend className="label">Who</legend>
          <div className="flex gap-1 rounded-lg border border-slate-800 bg-slate-950/50 p-1" role="radiogroup">
            {(["usernames", "watchlist"] as const satisfies readonly SnapshotTarget[]).map((target) => (
              <button
                key={target}
                type="button"
                role="radio"
                aria-checked={draft.target === target}
                data-testid={`backfill-target-${target}`}
                onClick={() => edit({ target })}
                className={`flex-1 cursor-pointer rounded-md px-3 py-1.5 text-xs font-medium transition-colors ${
                  draft.target === target ? "bg-indigo-500/20 text-indigo-100" : "text-slate-400 hover:text-slate-200"
                }`}
              >
                {target === "usernames" ? "Usernames" : "A watchlist"}
              </button>
            ))}
          </div>
          {draft.target === "usernames" ? (
            <div>
              <label htmlFor="backfill-usernames" className="sr-only">
                Usernames
              </label>
              <textarea
                id="backfill-usernames"
                data-testid="backfill-usernames"
                className="input min-h-24 resize-y font-mono text-[13px]"
                placeholder={"big_tipper_77\nquiet_lurker_12, chatty_friend_3"}
                autoCapitalize="none"
                spellCheck={false}
                value={draft.usernames}
                onChange={(event) => edit({ usernames: event.target.value })}
              />
              <p className="mt-1 text-xs text-slate-500 tabular-nums">
                {nameCount} of at most {MAX_USERNAMES.toLocaleString("en-US")} names
              </p>
            </div>
          ) : (
            <div>
              <label htmlFor="backfill-watchlist" className="sr-only">
                Watchlist
              </label>
              <select
                id="backfill-watchlist"
                data-testid="backfill-watchlist"
                className="input"
                value={draft.watchlistId}
                onChange={(event) => edit({ watchlistId: event.target.value })}
                disabled={!watchlists.data}
              >
                <option value="">{watchlists.isPending ? "Loading lists…" : "Choose a list"}</option>
                {watchlists.data?.map((list) => (
                  <option key={list.id} value={list.id}>
                    {list.name} ({list.memberCount})
                  </option>
                ))}
              </select>
              {watchlists.error ? <ErrorAlert error={watchlists.error} onRetry={() => void watchlists.refetch()} /> : null}
            </div>
          )}
        </fieldset>
      ) : null}

      {draft.kind !== "statbate_snapshots" ? (
        <div className="grid grid-cols-2 gap-2">
          <div>
            <label htmlFor="backfill-since" className="label">
              Since
            </label>
            <input id="backfill-since" data-testid="backfill-since" type="date" className="input" value={draft.since} onChange={(event) => edit({ since: event.target.value })} />
          </div>
          <div>
            <label htmlFor="backfill-until" className="label">
              Until
            </label>
            <input id="backfill-until" data-testid="backfill-until" type="date" className="input" value={draft.until} onChange={(event) => edit({ until: event.target.value })} />
          </div>
          <p className="col-span-2 text-xs text-slate-500">Whole days (UTC), both included; leave them empty for everything.</p>
        </div>
      ) : null}

      <button type="submit" data-testid="backfill-submit" className="btn-primary w-full" disabled={start.isPending}>
        {start.isPending ? <Spinner /> : null}
        Start backfill
      </button>
      {validation ? (
        <p role="alert" data-testid="backfill-validation" className="text-sm text-amber-300">
          {validation}
        </p>
      ) : null}
      {start.error ? <ErrorAlert error={start.error} testId="backfill-error" /> : null}
      {queued ? (
        <p data-testid="backfill-queued" data-backfill-id={queued.id} className="text-sm text-emerald-300">
          Queued “{queued.label}”: the worker starts it as soon as it is free.
        </p>
      ) : null}
    </form>
  );
}
