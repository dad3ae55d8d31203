import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { listErasures } from "../../api/endpoints";
import { keys } from "../../api/keys";
import type { Erasure } from "../../api/types";
import { Card } from "../../components/Card";
import { EmptyState, noItems, QueryState } from "../../components/Feedback";
import { Pagination } from "../../components/Pagination";
import { TimeText } from "../../components/TimeText";
import { formatNumber, humanize } from "../../lib/format";

const PAGE_SIZE = 10;

function Counts({ counts }: { counts: Erasure["counts"] }) {
  const rows = Object.entries(counts).filter(([, count]) => count > 0);
  if (rows.length === 0) return <span className="text-slate-500">nothing stored</span>;
  return (
    <>
      {rows.map(([table, count], index) => (
        <span key={table}>
          {index > 0 ? " · " : ""}
          {humanize(table)} <span className="text-slate-300 tabular-nums">{formatNumber(count)}</span>
        </span>
      ))}
    </>
  );
}

/** Who was forgotten, when, by whom and why: the audit of `mhc forget`, without the names. */
export function ErasuresCard() {
  const [offset, setOffset] = useState(0);
  const paging = { limit: PAGE_SIZE, offset };
  const erasures = useQuery({
    queryKey: keys.erasures(paging),
    queryFn: () => listErasures(paging),
    placeholderData: keepPreviousData,
  });
  return (
    <Card title="Erasures" testId="erasures-card">
      <QueryState
        query={erasures}
        loadingLabel="Loading erasures…"
        isEmpty={noItems}
        empty={
          <EmptyState title="Nobody has been erased">
            <code className="text-slate-300">mhc forget NAME</code> erases a person and records it here.
          </EmptyState>
        }
      >
        {(page) => (
          <>
            <ul className="divide-y divide-slate-800/60">
              {page.items.map((erasure) => (
                <li key={erasure.id} data-testid="erasure-row" className="space-y-1 py-2 first:pt-0 last:pb-0">
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                    <span className="font-medium text-slate-100">{erasure.actor}</span>
                    <span className="text-slate-400">{erasure.reason ? `· ${erasure.reason}` : "· no reason given"}</span>
                    <TimeText iso={erasure.erasedAt} className="ml-auto text-xs text-slate-400" />
                  </div>
                  <p className="font-mono text-[11px] break-all text-slate-500" title={erasure.usernameHmac ? "Keyed digest (HMAC-SHA-256) of the erased username" : "SHA-256 of the erased username"}>
                    {erasure.usernameHmac ?? erasure.usernameSha256}
                  </p>
                  <p className="text-xs text-slate-500">
                    <Counts counts={erasure.counts} />
                  </p>
                </li>
              ))}
            </ul>
            {page.total > PAGE_SIZE ? <Pagination total={page.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} /> : null}
          </>
        )}
      </QueryState>
    </Card>
  );
}
