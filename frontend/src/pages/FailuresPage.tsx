import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { failuresQuery } from "../api/queries";
import { Badge } from "../components/Badge";
import { PageHeader } from "../components/Card";
import { EmptyState, noItems, QueryState } from "../components/Feedback";
import { Pagination } from "../components/Pagination";
import { TimeText } from "../components/TimeText";
import { sourceLabel } from "../lib/format";
import { ScrollX } from "../components/ScrollX";

const PAGE_SIZE = 50;

export function FailuresPage() {
  const [offset, setOffset] = useState(0);
  const paging = { limit: PAGE_SIZE, offset };
  const failures = useQuery({
    ...failuresQuery(paging),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

  return (
    <div data-testid="failures-page" className="space-y-5">
      <PageHeader
        title="Failures"
        subtitle="Every failed call to Chaturbate or Statbate, newest first. Nothing fails silently."
        actions={
          <button type="button" className="btn-secondary btn-sm" onClick={() => void failures.refetch()} disabled={failures.isFetching}>
            Refresh
          </button>
        }
      />
      <QueryState
        query={failures}
        loadingLabel="Loading failures…"
        isEmpty={noItems}
        empty={<EmptyState title="No failures recorded">Every call to the outside services has succeeded.</EmptyState>}
      >
        {(page) => (
          <div className="card overflow-hidden">
            <ScrollX label="Failures">
              <table data-testid="failure-table" className="w-full text-sm">
                <thead>
                  <tr className="table-head">
                    <th className="px-4 py-2.5">When</th>
                    <th className="px-4 py-2.5">Service</th>
                    <th className="hidden px-4 py-2.5 md:table-cell">Endpoint</th>
                    <th className="px-4 py-2.5">Status</th>
                    <th className="px-4 py-2.5">Message</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((failure) => (
                    <tr key={failure.id} data-testid="failure-row" className="table-row align-top">
                      <td className="px-4 py-2.5 whitespace-nowrap text-slate-300">
                        <TimeText iso={failure.occurredAt} />
                      </td>
                      <td className="px-4 py-2.5 whitespace-nowrap">
                        <Badge tone="amber">{sourceLabel(failure.service)}</Badge>
                      </td>
                      <td className="hidden max-w-xs px-4 py-2.5 font-mono text-xs break-all text-slate-400 md:table-cell">{failure.endpoint}</td>
                      <td className="px-4 py-2.5 text-slate-300 tabular-nums">{failure.status ?? "—"}</td>
                      <td className="px-4 py-2.5 break-words text-rose-200/90">{failure.message}</td>
                    </tr>
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
