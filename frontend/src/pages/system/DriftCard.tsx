import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";

import { listDrift } from "../../api/endpoints";
import { keys } from "../../api/keys";
import type { Drift } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { EmptyState, noItems, QueryState } from "../../components/Feedback";
import { Pagination } from "../../components/Pagination";
import { TimeText } from "../../components/TimeText";
import { formatNumber, humanize, sourceLabel } from "../../lib/format";
import { ScrollX } from "../../components/ScrollX";

const PAGE_SIZE = 20;

function Example({ drift }: { drift: Drift }) {
  const text = typeof drift.example === "string" ? drift.example : JSON.stringify(drift.example, null, 2);
  return (
    <pre data-testid="drift-example" className="max-h-72 overflow-auto rounded-lg border border-slate-800 bg-slate-950/80 p-3 font-mono text-[12px] leading-relaxed whitespace-pre-wrap text-slate-300">
      {text}
    </pre>
  );
}

/** Answers from Chaturbate or Statbate that did not match the contract we code against. */
export function DriftCard() {
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const paging = { limit: PAGE_SIZE, offset };
  const drift = useQuery({
    queryKey: keys.drift(paging),
    queryFn: () => listDrift(paging),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  return (
    <Card title="Contract drift" testId="drift-card">
      <QueryState
        query={drift}
        loadingLabel="Loading drift…"
        isEmpty={noItems}
        empty={
          <EmptyState title="No drift: every answer matched our contracts">
            New, missing or retyped fields and unknown events from the outside services show up here.
          </EmptyState>
        }
      >
        {(page) => (
          <>
            <ScrollX label="Contract drift" className="-mx-4 sm:-mx-5">
              <table data-testid="drift-table" className="w-full text-sm">
                <thead>
                  <tr className="table-head">
                    <th className="px-4 py-2.5 sm:px-5">Service</th>
                    <th className="px-4 py-2.5">What</th>
                    <th className="px-4 py-2.5 text-right">Count</th>
                    <th className="hidden px-4 py-2.5 md:table-cell">First seen</th>
                    <th className="px-4 py-2.5">Last seen</th>
                    <th className="px-4 py-2.5 sm:px-5" aria-label="Example" />
                  </tr>
                </thead>
                <tbody className={drift.isPlaceholderData ? "opacity-60" : ""}>
                  {page.items.map((item) => (
                    <Fragment key={item.id}>
                      <tr data-testid="drift-row" data-kind={item.kind} className="table-row align-top">
                        <td className="px-4 py-2.5 sm:px-5">
                          <Badge tone="violet">{sourceLabel(item.service)}</Badge>
                          <div className="mt-1 font-mono text-[11px] break-all text-slate-500">{item.endpoint}</div>
                        </td>
                        <td className="px-4 py-2.5">
                          <Badge tone="amber">{humanize(item.kind)}</Badge>
                          <div className="mt-1 font-mono text-xs break-all text-slate-200">{item.subject}</div>
                          {item.detail ? <div className="mt-0.5 text-xs text-slate-400">{item.detail}</div> : null}
                        </td>
                        <td className="px-4 py-2.5 text-right text-slate-200 tabular-nums">{formatNumber(item.count)}</td>
                        <td className="hidden px-4 py-2.5 whitespace-nowrap text-slate-400 md:table-cell">
                          <TimeText iso={item.firstSeenAt} />
                        </td>
                        <td className="px-4 py-2.5 whitespace-nowrap text-slate-300">
                          <TimeText iso={item.lastSeenAt} />
                        </td>
                        <td className="px-4 py-2.5 text-right sm:px-5">
                          <button
                            type="button"
                            data-testid="drift-example-toggle"
                            aria-expanded={open === item.id}
                            className="btn-ghost btn-sm"
                            onClick={() => setOpen(open === item.id ? null : item.id)}
                          >
                            {open === item.id ? "Hide" : "Example"}
                          </button>
                        </td>
                      </tr>
                      {open === item.id ? (
                        <tr className="border-b border-slate-800/60">
                          <td colSpan={6} className="px-4 pb-3 sm:px-5">
                            <Example drift={item} />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </ScrollX>
            {page.total > PAGE_SIZE ? <Pagination total={page.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} /> : null}
          </>
        )}
      </QueryState>
    </Card>
  );
}
