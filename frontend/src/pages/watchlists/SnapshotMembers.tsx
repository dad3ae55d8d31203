import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link } from "react-router";

import { getBackfill } from "../../api/endpoints";
import { keys } from "../../api/keys";
import { useStartBackfill } from "../../api/mutations/backfills";
import type { Backfill, WatchlistSummary } from "../../api/types";
import { BackfillProgress } from "../../components/BackfillProgress";
import { Badge } from "../../components/Badge";
import { CancelBackfillButton } from "../../components/CancelBackfillButton";
import { ErrorAlert, Spinner } from "../../components/Feedback";
import { backfillRefetchInterval, isActive, STATUS_TONES } from "../../lib/backfills";
import { humanize } from "../../lib/format";

/** Queues a Statbate snapshot of every member of `list` and follows the backfill it started. */
export function useSnapshotMembers(list: WatchlistSummary) {
  const queryClient = useQueryClient();
  const start = useStartBackfill();
  const id = start.data?.id ?? null;
  const backfill = useQuery({
    queryKey: keys.backfill(id ?? 0),
    queryFn: () => getBackfill(id ?? 0),
    enabled: id !== null,
    refetchInterval: (query) => backfillRefetchInterval(query.state.data ? isActive(query.state.data) : true),
  });
  const finished = backfill.data !== undefined && !isActive(backfill.data);
  useEffect(() => {
    // New snapshots change the members' last deltas.
    if (finished) void queryClient.invalidateQueries({ queryKey: keys.watchlistMemberPages(list.id) });
  }, [finished, list.id, queryClient]);
  return {
    start: () => start.mutate({ kind: "statbate_snapshots", watchlistId: list.id }),
    starting: start.isPending,
    backfill: backfill.data ?? null,
    error: start.error ?? backfill.error,
  };
}

export function SnapshotMembersButton({
  list,
  pending,
  running,
  onStart,
}: {
  list: WatchlistSummary;
  pending: boolean;
  running: boolean;
  onStart: () => void;
}) {
  const empty = list.memberCount === 0;
  return (
    <button
      type="button"
      data-testid="watchlist-snapshot"
      className="btn-secondary btn-sm"
      disabled={empty || pending || running}
      title={empty ? "The list has no members" : "Capture a Statbate snapshot of every member"}
      onClick={onStart}
    >
      {pending || running ? <Spinner className="h-3 w-3" /> : null}
      Snapshot members
    </button>
  );
}

/** The snapshot backfill's progress under the list's title. */
export function SnapshotProgress({ backfill, error }: { backfill: Backfill | null; error: unknown }) {
  if (error) return <ErrorAlert error={error} testId="watchlist-snapshot-error" />;
  if (!backfill) return null;
  return (
    <div data-testid="watchlist-snapshot-progress" data-status={backfill.status} className="card space-y-2 px-4 py-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium text-slate-200">Statbate snapshots</span>
        <Badge tone={STATUS_TONES[backfill.status]} testId="watchlist-snapshot-status">
          {humanize(backfill.status)}
        </Badge>
        <CancelBackfillButton backfill={backfill} />
        <Link to="/system" className="link ml-auto text-xs">
          All backfills →
        </Link>
      </div>
      <BackfillProgress backfill={backfill} />
      {backfill.lastError ? <p className="text-xs break-words text-rose-300">{backfill.lastError}</p> : null}
    </div>
  );
}
