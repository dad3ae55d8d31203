import { useQuery } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";

import { getCurrentSession } from "../api/endpoints";
import { keys } from "../api/keys";
import { formatElapsed } from "../lib/format";

/** The owner's current session, shared by every view of it (header, radar): one query, one clock. */
export function useCurrentSession() {
  const current = useQuery({
    queryKey: keys.currentSession,
    queryFn: getCurrentSession,
    refetchInterval: 30_000,
  });
  const session = current.data?.session ?? null;
  return { current, session, live: session?.status === "LIVE" };
}

// One ticking second for every clock on screen, so two clocks never show different seconds.
const listeners = new Set<() => void>();
let second = Math.floor(Date.now() / 1000);
let ticker: number | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (ticker === undefined) {
    const tick = () => {
      const next = Math.floor(Date.now() / 1000);
      if (next === second) return;
      second = next;
      for (const notify of listeners) notify();
    };
    // A second checked four times a second is never shown more than a quarter late.
    ticker = window.setInterval(tick, 250);
    tick();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && ticker !== undefined) {
      window.clearInterval(ticker);
      ticker = undefined;
    }
  };
}

function currentSecond(): number {
  return second;
}

/**
 * How long the session that started at `startedAt` has run ("0:04:09"), ticking with every
 * other SessionClock on screen. Give it `useCurrentSession().session.startedAt`.
 */
export function SessionClock({
  startedAt,
  className = "",
  testId = "session-elapsed",
}: {
  startedAt: string;
  className?: string;
  testId?: string;
}) {
  const now = useSyncExternalStore(subscribe, currentSecond, currentSecond);
  return (
    <span data-testid={testId} className={className}>
      {formatElapsed(startedAt, new Date(now * 1000))}
    </span>
  );
}
