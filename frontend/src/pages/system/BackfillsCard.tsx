import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { listBackfills } from "../../api/endpoints";
import { keys } from "../../api/keys";
import type { Backfill } from "../../api/types";
import { BackfillProgress } from "../../components/BackfillProgress";
import { Badge } from "../../components/Badge";
import { CancelBackfillButton } from "../../components/CancelBackfillButton";
import { Card } from "../../components/Card";
import { EmptyState, noItems, QueryState } from "../../components/Feedback";
import { Pagination } from "../../components/Pagination";
import { TimeText } from "../../components/TimeText";
import { backfillRefetchInterval, isActive, KIND_LABELS, STATUS_TONES, summaryText } from "../../lib/backfills";
import { formatDuration, humanize } from "../../lib/format";

const PAGE_SIZE = 10;

function BackfillRow({ backfill }: { backfill: Backfill }) {
  const took =
    backfill.startedAt && backfill.finishedAt
      ? formatDuration((Date.parse(backfill.finishedAt) - Date.parse(backfill.startedAt)) / 1000)
      : null;
  return (
    <li data-testid="backfill-row" data-backfill-id={backfill.id} data-status={backfill.status} className="space-y-2 py-3 first:pt-0 last:pb-0">
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 flex-1 font-medium break-words text-slate-100">
          {backfill.label}
        </span>
        <Badge tone={STATUS_TONES[backfill.status]} testId="backfill-status">
          {humanize(backfill.status)}
        </Badge>
        <CancelBackfillButton backfill={backfill} />
      </div>
      <BackfillProgress backfill={backfill} />
      {summaryText(backfill.summary) ? (
        <p data-testid="backfill-summary" className="text-xs text-slate-400">
          {summaryText(backfill.summary)}
        </p>
      ) : null}
      {backfill.lastError ? (
        <p data-testid="backfill-last-error" className="text-xs break-words text-rose-300">
          {backfill.lastError}
        </p>
      ) : null}
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
        <Badge>{KIND_LABELS[backfill.kind]}</Badge>
        <span>from the {backfill.origin === "cli" ? "command line" : "panel"}</span>
        <span aria-hidden>·</span>
        <span>
          queued <TimeText iso={backfill.createdAt} />
        </span>
        {took !== null ? (
          <>
            <span aria-hidden>·</span>
            <span>took {took}</span>
          </>
        ) : null}
      </p>
    </li>
  );
}

/** Every backfill, newest first, moving while the worker runs it. */
export function BackfillsCard() {
  const [offset, setOffset] = useState(0);
  const paging = { limit: PAGE_SIZE, offset };
  const backfills = useQuery({
    queryKey: keys.backfills(paging),
    queryFn: () => listBackfills(paging),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => backfillRefetchInterval(query.state.data?.items.some(isActive) ?? false),
  });
  return (
    <Card title="Backfills" testId="backfills-card">
      <QueryState
        query={backfills}
        loadingLabel="Loading backfills…"
        isEmpty={noItems}
        empty={
          <EmptyState title="No backfills yet">
            Start one here, or from the command line with <code className="text-slate-300">mhc backfill</code>.
          </EmptyState>
        }
      >
        {(page) => (
          <>
            <ul data-testid="backfill-list" className={`divide-y divide-slate-800/60 ${backfills.isPlaceholderData ? "opacity-60" : ""}`}>
              {page.items.map((backfill) => (
                <BackfillRow key={backfill.id} backfill={backfill} />
              ))}
            </ul>
            {page.total > PAGE_SIZE ? <Pagination total={page.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} /> : null}
          </>
        )}
      </QueryState>
    </Card>
  );
}
