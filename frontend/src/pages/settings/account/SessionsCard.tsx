import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";

import { listBrowserSessions } from "../../../api/endpoints";
import { keys } from "../../../api/keys";
import { useEndBrowserSession, useEndEveryBrowserSession } from "../../../api/mutations/account";
import type { BrowserSession } from "../../../api/types";
import { Card } from "../../../components/Card";
import { ErrorAlert, QueryState, Spinner } from "../../../components/Feedback";
import { TimeText } from "../../../components/TimeText";

/** A browser's name from its User-Agent, in a few words. */
export function describeBrowser(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const browser =
    /Edg\//.test(userAgent) ? "Edge"
    : /Firefox\//.test(userAgent) ? "Firefox"
    : /Chrom(e|ium)\//.test(userAgent) ? "Chrome"
    : /Safari\//.test(userAgent) ? "Safari"
    : /curl|python|httpx/i.test(userAgent) ? "Script"
    : "Browser";
  const system =
    /iPhone|iPad/.test(userAgent) ? "iOS"
    : /Android/.test(userAgent) ? "Android"
    : /Mac OS X/.test(userAgent) ? "macOS"
    : /Windows/.test(userAgent) ? "Windows"
    : /Linux/.test(userAgent) ? "Linux"
    : null;
  return system ? `${browser} on ${system}` : browser;
}

/** Where the panel is open: each browser session, where it logged in from and when it was last
 * seen, with "log out everywhere". */
export function SessionsCard() {
  const navigate = useNavigate();
  const list = useQuery({ queryKey: keys.browserSessions, queryFn: listBrowserSessions });
  const everywhere = useEndEveryBrowserSession();
  const logOutEverywhere = (
    <button
      type="button"
      data-testid="sessions-end-all"
      className="btn-danger btn-sm"
      disabled={everywhere.isPending}
      onClick={() => everywhere.mutate(undefined, { onSuccess: () => void navigate("/login", { replace: true }) })}
    >
      {everywhere.isPending ? <Spinner /> : null}
      Log out everywhere
    </button>
  );
  return (
    <Card title="Open sessions" actions={logOutEverywhere} testId="sessions-card">
      {everywhere.isError ? <ErrorAlert error={everywhere.error} /> : null}
      <QueryState query={list}>
        {(sessions) => (
          <ul className="divide-y divide-slate-800/70" data-testid="session-list">
            {sessions.map((session) => (
              <SessionRow key={session.id} session={session} />
            ))}
          </ul>
        )}
      </QueryState>
    </Card>
  );
}

function SessionRow({ session }: { session: BrowserSession }) {
  const end = useEndBrowserSession();
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2.5" data-testid="session-row">
      <div className="min-w-0">
        <p className="text-sm font-medium text-white">
          {describeBrowser(session.userAgent)}
          {session.current ? (
            <span className="ml-2 rounded bg-indigo-500/20 px-1.5 py-0.5 text-xs text-indigo-200">this browser</span>
          ) : null}
        </p>
        <p className="text-xs text-slate-400">
          from {session.client ?? "an unknown address"} · last seen <TimeText iso={session.lastSeenAt ?? session.createdAt} /> ·
          logged in <TimeText iso={session.createdAt} />
        </p>
      </div>
      {!session.current ? (
        <button type="button" className="btn-ghost btn-sm" disabled={end.isPending} onClick={() => end.mutate(session.id)}>
          Log out
        </button>
      ) : null}
    </li>
  );
}
