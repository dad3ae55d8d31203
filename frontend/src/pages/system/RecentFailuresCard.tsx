import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";

import { failuresQuery } from "../../api/queries";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { EmptyState, noItems, QueryState } from "../../components/Feedback";
import { TimeText } from "../../components/TimeText";
import { sourceLabel } from "../../lib/format";

const PAGING = { limit: 5, offset: 0 };

/** The five newest failed calls to the outside services, with the way to the full log. */
export function RecentFailuresCard() {
  const failures = useQuery({
    ...failuresQuery(PAGING),
    refetchInterval: 60_000,
  });
  return (
    <Card
      title="Recent failures"
      testId="recent-failures-card"
      actions={
        <Link to="/failures" data-testid="recent-failures-all" className="link text-xs">
          All failures →
        </Link>
      }
    >
      <QueryState
        query={failures}
        loadingLabel="Loading failures…"
        isEmpty={noItems}
        empty={<EmptyState title="No failures recorded">Every call to the outside services has succeeded.</EmptyState>}
      >
        {(page) => (
          <ul className="divide-y divide-slate-800/60">
            {page.items.map((failure) => (
              <li key={failure.id} data-testid="recent-failure" className="space-y-1 py-2 first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-400">
                  <Badge tone="amber">{sourceLabel(failure.service)}</Badge>
                  {failure.status !== null ? <span className="tabular-nums">{failure.status}</span> : null}
                  <TimeText iso={failure.occurredAt} className="ml-auto" />
                </div>
                <p className="text-sm break-words text-rose-200/90">{failure.message}</p>
                <p className="font-mono text-[11px] break-all text-slate-500">{failure.endpoint}</p>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </Card>
  );
}
