import { useQuery } from "@tanstack/react-query";

import { listJobs } from "../../api/endpoints";
import { keys } from "../../api/keys";
import type { Job } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { EmptyState, QueryState } from "../../components/Feedback";
import { TimeText } from "../../components/TimeText";
import { humanize } from "../../lib/format";
import { ScrollX } from "../../components/ScrollX";

// The worker's job names, as the owner knows the work; a new job shows its name humanised.
const JOB_LABELS: Record<string, string> = {
  cb_stats_snapshot: "Chaturbate stats",
  statbate_owner_model_snapshot: "Statbate model info",
  statbate_watchlist_snapshots: "Watchlist snapshots",
};

function LastStatus({ job }: { job: Job }) {
  if (job.lastStatus === "ok") return <Badge tone="emerald">OK</Badge>;
  if (job.lastStatus === "failed") return <Badge tone="rose">Failed</Badge>;
  return <Badge>Never run</Badge>;
}

/** The worker's scheduled jobs: when each runs next and how its last run went. */
export function JobsCard() {
  const jobs = useQuery({ queryKey: keys.jobs, queryFn: listJobs, refetchInterval: 30_000 });
  return (
    <Card title="Scheduled jobs" testId="jobs-card">
      <QueryState
        query={jobs}
        loadingLabel="Loading jobs…"
        isEmpty={(items) => items.length === 0}
        empty={<EmptyState title="No jobs scheduled yet">The worker schedules its jobs when it starts.</EmptyState>}
      >
        {(items) => (
          <ScrollX label="Scheduled jobs" className="-mx-4 sm:-mx-5">
            <table data-testid="jobs-table" className="w-full text-sm">
              <thead>
                <tr className="table-head">
                  <th className="px-4 py-2.5 sm:px-5">Job</th>
                  <th className="px-4 py-2.5">Last run</th>
                  <th className="hidden px-4 py-2.5 sm:table-cell">Next run</th>
                  <th className="hidden px-4 py-2.5 md:table-cell sm:pr-5">Worker</th>
                </tr>
              </thead>
              <tbody>
                {items.map((job) => {
                  const failed = job.lastStatus === "failed";
                  return (
                    <tr
                      key={job.name}
                      data-testid="job-row"
                      data-job={job.name}
                      data-status={job.lastStatus ?? "never"}
                      className={`table-row align-top ${failed ? "bg-rose-950/30" : ""}`}
                    >
                      <td className="px-4 py-2.5 sm:px-5">
                        <div className="font-medium text-slate-100">{JOB_LABELS[job.name] ?? humanize(job.name)}</div>
                        <div className="font-mono text-[11px] text-slate-500">{job.name}</div>
                        {failed && job.lastError ? (
                          <p data-testid="job-error" className="mt-1 max-w-md text-xs break-words text-rose-300">
                            {job.lastError}
                          </p>
                        ) : null}
                      </td>
                      <td className="px-4 py-2.5 whitespace-nowrap">
                        <div className="flex flex-col items-start gap-1">
                          <LastStatus job={job} />
                          <TimeText iso={job.lastFinishedAt ?? job.lastStartedAt} className="text-xs text-slate-400" />
                          <span className="text-xs text-slate-500 sm:hidden">
                            next <TimeText iso={job.nextRunAt} />
                          </span>
                        </div>
                      </td>
                      <td className="hidden px-4 py-2.5 whitespace-nowrap text-slate-300 sm:table-cell">
                        <TimeText iso={job.nextRunAt} />
                      </td>
                      <td className="hidden px-4 py-2.5 font-mono text-xs break-all text-slate-500 md:table-cell sm:pr-5">
                        {job.lastWorker ?? "—"}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollX>
        )}
      </QueryState>
    </Card>
  );
}
