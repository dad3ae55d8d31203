import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";

import { listAlerts } from "../../../api/endpoints";
import { keys } from "../../../api/keys";
import type { AlertDelivery } from "../../../api/types";
import { QueryState } from "../../../components/Feedback";
import { TimeText } from "../../../components/TimeText";

const PAGE = 20;

const DELIVERY_STYLE: Record<AlertDelivery["status"], string> = {
  sent: "text-emerald-300",
  pending: "text-sky-200",
  failed: "text-rose-300",
  skipped: "text-slate-400",
};

function DeliveryMark({ delivery }: { delivery: AlertDelivery }) {
  const name = delivery.channel === "panel" ? "Panel" : "Pushover";
  const mark = { sent: "✓", pending: "…", failed: "✗", skipped: "–" }[delivery.status];
  return (
    <span
      data-testid="alert-delivery"
      data-channel={delivery.channel}
      data-status={delivery.status}
      title={delivery.detail ?? delivery.status}
      className={`whitespace-nowrap ${DELIVERY_STYLE[delivery.status]}`}
    >
      {name} {mark}
      {delivery.status === "failed" ? (
        <>
          {" "}
          <Link to="/failures" className="link text-xs">
            why
          </Link>
        </>
      ) : null}
    </span>
  );
}

/** Every alert sent, newest first: when, about whom, which rule, why, and how it went out. */
export function AlertLog() {
  const [limit, setLimit] = useState(PAGE);
  const query = useQuery({
    queryKey: keys.alertLog({ limit, offset: 0 }),
    queryFn: () => listAlerts({ limit, offset: 0 }),
    refetchInterval: 15_000,
  });
  return (
    <QueryState
      query={query}
      isEmpty={(page) => page.items.length === 0}
      empty={<p className="text-sm text-slate-400">No alert sent yet. “Send a test alert” shows how they arrive.</p>}
    >
      {(page) => (
        <div className="space-y-2">
          <ul data-testid="alert-log" className="divide-y divide-slate-800">
            {page.items.map((alert) => (
              <li key={alert.id} data-testid="alert-log-item" className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm">
                <TimeText iso={alert.firedAt} className="w-28 shrink-0 text-xs text-slate-400" />
                <span className="min-w-0 flex-1">
                  {alert.personId !== null ? (
                    <Link to={`/person/${alert.personId}`} className="font-medium text-white hover:text-indigo-200">
                      {alert.username}
                    </Link>
                  ) : (
                    <span className="font-medium text-slate-300">Test</span>
                  )}{" "}
                  <span className="text-slate-400">· {alert.ruleName}</span>
                  <span className="block text-slate-300">{alert.reason}</span>
                </span>
                <span className="flex gap-3 text-xs">
                  {alert.deliveries.map((delivery) => (
                    <DeliveryMark key={delivery.channel} delivery={delivery} />
                  ))}
                </span>
              </li>
            ))}
          </ul>
          {page.total > page.items.length ? (
            <button type="button" className="btn-ghost btn-sm" onClick={() => setLimit((shown) => shown + PAGE)}>
              Show {Math.min(PAGE, page.total - page.items.length)} more of {page.total}
            </button>
          ) : null}
        </div>
      )}
    </QueryState>
  );
}
