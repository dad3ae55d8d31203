import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { getHudson, getSession } from "../api/endpoints";
import { keys } from "../api/keys";
import type { Hudson, SessionSummary } from "../api/types";
import { Card, PageHeader, Stat } from "../components/Card";
import { DeltaValue } from "../components/DeltaValue";
import { EmptyState, QueryState } from "../components/Feedback";
import { InteractionLine } from "../components/InteractionRow";
import { MetricsTable } from "../components/MetricsTable";
import { NeedsStatbate } from "../components/NeedsStatbate";
import { PersonLink } from "../components/PersonLink";
import { SourceTag } from "../components/SourceTag";
import { TimeText } from "../components/TimeText";
import { useConnected } from "../hooks/useConnections";
import { useNow } from "../hooks/useNow";
import { CoverageBadge } from "../components/CoverageBadge";
import { isComplete } from "../lib/coverage";
import { formatCount, formatDuration, formatElapsed, formatNumber, tipTokens } from "../lib/format";
import { SessionAnalysisPanel } from "./hudson/SessionAnalysisPanel";
import { SessionReportDialog } from "./hudson/SessionReport";
import { TopTippers } from "./hudson/TopTippers";

/** The page of a session's interactions shown under its row. */
const SESSION_INTERACTIONS = { limit: 50, offset: 0 };

function LiveIndicator({ hudson }: { hudson: Hudson }) {
  const now = useNow(1000, hudson.live);
  const session = hudson.currentSession;
  return (
    <div
      data-testid="hudson-live"
      data-live={hudson.live ? "true" : "false"}
      className={`inline-flex items-center gap-2.5 rounded-xl border px-4 py-2 ${
        hudson.live ? "border-rose-500/50 bg-rose-500/10" : "border-slate-700 bg-slate-900/60"
      }`}
    >
      <span className="relative flex h-3 w-3">
        {hudson.live ? <span className="absolute inline-flex h-full w-full animate-live-ping rounded-full bg-rose-500 opacity-60" /> : null}
        <span className={`relative inline-flex h-3 w-3 rounded-full ${hudson.live ? "bg-rose-500" : "bg-slate-500"}`} />
      </span>
      <span className={`text-sm font-semibold ${hudson.live ? "text-rose-100" : "text-slate-300"}`}>
        {hudson.live ? "LIVE" : "Offline"}
      </span>
      {hudson.live && session ? (
        <span className="text-sm text-rose-200/80 tabular-nums">{formatElapsed(session.startedAt, now)}</span>
      ) : null}
    </div>
  );
}

function SessionDetail({ session }: { session: SessionSummary }) {
  const complete = isComplete(session.coverage);
  const detail = useQuery({
    queryKey: keys.session(session.id, SESSION_INTERACTIONS),
    queryFn: () => getSession(session.id, SESSION_INTERACTIONS),
  });
  return (
    <div data-testid="session-detail" className="grid grid-cols-1 gap-4 border-t border-slate-800 bg-slate-950/40 px-4 py-4 md:grid-cols-[16rem_minmax(0,1fr)]">
      <div>
        <TopTippers tippers={session.topTippers} complete={complete} />
        <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-1 text-xs text-slate-400">
          <dt>Private messages</dt>
          <dd className="text-right text-slate-200">{formatCount(session.privateMessages, complete)}</dd>
          <dt>Unfollows</dt>
          <dd className="text-right text-slate-200">{formatCount(session.unfollows, complete)}</dd>
          <dt>Unique visitors</dt>
          <dd className="text-right text-slate-200">{formatCount(session.uniqueVisitors, complete)}</dd>
        </dl>
      </div>
      <div className="min-w-0">
        <p className="card-title mb-2">Interactions</p>
        <QueryState
          query={detail}
          isEmpty={(data) => data.interactions.items.length === 0}
          empty={<p className="text-sm text-slate-500">No interactions in this session.</p>}
        >
          {({ interactions }) => (
            <>
              <ul className="max-h-80 divide-y divide-slate-800/60 overflow-y-auto pr-1">
                {interactions.items.map((interaction) => (
                  <InteractionLine key={interaction.id} interaction={interaction} username={interaction.username} />
                ))}
              </ul>
              {interactions.total > interactions.items.length ? (
                <p className="mt-1 text-xs text-slate-500">
                  Showing {interactions.items.length} of {formatNumber(interactions.total)}.
                </p>
              ) : null}
            </>
          )}
        </QueryState>
      </div>
      <div className="min-w-0 border-t border-slate-800/70 pt-4 md:col-span-2">
        <SessionAnalysisPanel sessionId={session.id} />
      </div>
    </div>
  );
}

function SessionsTable({ sessions }: { sessions: SessionSummary[] }) {
  const [open, setOpen] = useState<number | null>(null);
  const [reported, setReported] = useState<SessionSummary | null>(null);
  if (sessions.length === 0) return <EmptyState title="No sessions yet">Start one with the button in the header.</EmptyState>;
  return (
    <div className="-mx-4 overflow-x-auto sm:-mx-5">
      <table data-testid="session-table" className="w-full text-sm">
        <thead>
          <tr className="table-head">
            <th className="px-4 py-2.5 sm:px-5">Started</th>
            <th className="px-4 py-2.5">Duration</th>
            <th className="px-4 py-2.5 text-right">Tokens</th>
            <th className="hidden px-4 py-2.5 text-right sm:table-cell">Tips</th>
            <th className="hidden px-4 py-2.5 text-right md:table-cell">Tippers</th>
            <th className="hidden px-4 py-2.5 text-right md:table-cell">New followers</th>
            <th className="hidden px-4 py-2.5 text-right lg:table-cell">Chat</th>
            <th className="px-4 py-2.5 sm:px-5" aria-label="Details" />
          </tr>
        </thead>
        {sessions.map((session) => {
          const expanded = open === session.id;
          const complete = isComplete(session.coverage);
          return (
            <tbody key={session.id} data-testid="session-row" data-session-id={session.id}>
              <tr className="table-row cursor-pointer" onClick={() => setOpen(expanded ? null : session.id)}>
                <td className="px-4 py-2.5 whitespace-nowrap sm:px-5">
                  <TimeText iso={session.startedAt} mode="absolute" className="text-slate-200" />
                  {session.status === "LIVE" ? (
                    <span className="ml-2 rounded bg-rose-500/20 px-1.5 py-0.5 text-[10px] font-bold text-rose-300">LIVE</span>
                  ) : null}
                  <CoverageBadge coverage={session.coverage} className="ml-2" />
                </td>
                <td className="px-4 py-2.5 text-slate-300 tabular-nums">{formatDuration(session.durationSeconds)}</td>
                <td data-testid="session-tokens" className="px-4 py-2.5 text-right font-medium text-emerald-300 tabular-nums">
                  {formatCount(session.tokens, complete)}
                </td>
                <td className="hidden px-4 py-2.5 text-right text-slate-300 tabular-nums sm:table-cell">{formatCount(session.tipCount, complete)}</td>
                <td className="hidden px-4 py-2.5 text-right text-slate-300 tabular-nums md:table-cell">{formatCount(session.tippers, complete)}</td>
                <td className="hidden px-4 py-2.5 text-right text-slate-300 tabular-nums md:table-cell">{formatCount(session.newFollowers, complete)}</td>
                <td className="hidden px-4 py-2.5 text-right text-slate-300 tabular-nums lg:table-cell">{formatCount(session.chatMessages, complete)}</td>
                <td className="px-4 py-2.5 text-right whitespace-nowrap sm:px-5">
                  <button
                    type="button"
                    data-testid="session-report-open"
                    className="btn-ghost btn-sm"
                    onClick={(event) => {
                      event.stopPropagation();
                      setReported(session);
                    }}
                  >
                    Report
                  </button>
                  <button type="button" data-testid="session-toggle" aria-expanded={expanded} className="btn-ghost btn-sm">
                    {expanded ? "Hide" : "Details"}
                  </button>
                </td>
              </tr>
              {expanded ? (
                <tr>
                  <td colSpan={8} className="p-0">
                    <SessionDetail session={session} />
                  </td>
                </tr>
              ) : null}
            </tbody>
          );
        })}
      </table>
      {reported ? <SessionReportDialog session={reported} onClose={() => setReported(null)} /> : null}
    </div>
  );
}

function HudsonView({ hudson }: { hudson: Hudson }) {
  const statbateConnected = useConnected("statbate");
  const liveSummary = hudson.currentSession
    ? hudson.sessions.find((session) => session.id === hudson.currentSession?.id)
    : undefined;
  const lastEnded = hudson.sessions.find((session) => session.status === "ENDED");

  return (
    <div data-testid="hudson-page" className="space-y-5">
      <PageHeader
        title={hudson.broadcaster}
        subtitle="My room: live status, stats from Chaturbate and Statbate, and past sessions."
        actions={<LiveIndicator hudson={hudson} />}
      />
      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <Stat
          testId="hudson-followers"
          label="Followers"
          value={hudson.followers ? formatNumber(hudson.followers.count) : "—"}
          hint={
            hudson.followers ? (
              <span className="flex flex-wrap items-center gap-2">
                {hudson.followers.delta ? <DeltaValue value={hudson.followers.delta} /> : null}
                <SourceTag source={hudson.followers.source} capturedAt={hudson.followers.capturedAt} />
              </span>
            ) : (
              <span className="text-slate-500">Not captured yet</span>
            )
          }
        />
        <Stat
          label="Tokens this session"
          value={liveSummary ? formatCount(liveSummary.tokens, isComplete(liveSummary.coverage)) : "—"}
          hint={
            <span className="flex flex-wrap items-center gap-2 text-slate-500">
              {hudson.currentSession ? "live session" : "no live session"}
              <CoverageBadge coverage={liveSummary?.coverage} />
              <SourceTag source="cb_events" />
            </span>
          }
        />
        <Stat
          testId="hudson-last-session"
          label="Last session tokens"
          value={lastEnded ? formatCount(lastEnded.tokens, isComplete(lastEnded.coverage)) : "—"}
          hint={
            <span className="text-slate-500">
              {lastEnded ? (
                <>
                  {formatDuration(lastEnded.durationSeconds)}, ended <TimeText iso={lastEnded.endedAt} />{" "}
                  <CoverageBadge coverage={lastEnded.coverage} />
                </>
              ) : (
                "no finished session yet"
              )}
            </span>
          }
        />
        <Stat
          label="Recent tips"
          value={formatNumber(hudson.recentTips.reduce((sum, tip) => sum + (tipTokens(tip.metadata) ?? 0), 0))}
          hint={
            <span className="flex flex-wrap items-center gap-2 text-slate-500">
              last {hudson.recentTips.length} tips
              <SourceTag source="cb_events" capturedAt={hudson.recentTips[0]?.occurredAt ?? null} />
            </span>
          }
        />
      </div>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <Card
          title="Chaturbate stats"
          testId="hudson-cb-stats"
          actions={hudson.cbStats ? <SourceTag source={hudson.cbStats.source} capturedAt={hudson.cbStats.capturedAt} /> : null}
        >
          {hudson.cbStats ? (
            <MetricsTable metrics={hudson.cbStats.metrics} deltas={hudson.cbStats.deltas} />
          ) : (
            <p className="text-sm text-slate-500">No Chaturbate stats captured yet.</p>
          )}
        </Card>
        <Card
          title="Statbate model info"
          testId="hudson-statbate"
          actions={hudson.statbateModel ? <SourceTag source={hudson.statbateModel.source} capturedAt={hudson.statbateModel.capturedAt} /> : null}
        >
          {hudson.statbateModel ? (
            <MetricsTable metrics={hudson.statbateModel.metrics} />
          ) : statbateConnected === false ? (
            <NeedsStatbate />
          ) : (
            <p className="text-sm text-slate-500">No Statbate model info captured yet.</p>
          )}
        </Card>
        <Card title="Recent tips" testId="hudson-recent-tips" actions={<SourceTag source="cb_events" />}>
          {hudson.recentTips.length === 0 ? (
            <p className="text-sm text-slate-500">No tips yet.</p>
          ) : (
            <ul className="divide-y divide-slate-800/60">
              {hudson.recentTips.map((tip) => (
                <li key={tip.id} data-testid="recent-tip" className="flex items-center gap-3 py-2 text-sm">
                  <PersonLink id={tip.personId} username={tip.username} />
                  <span className="font-semibold text-emerald-300 tabular-nums">
                    {formatNumber(tipTokens(tip.metadata) ?? 0)} tk
                  </span>
                  {typeof tip.metadata["message"] === "string" && tip.metadata["message"] ? (
                    <span className="min-w-0 flex-1 truncate text-slate-400">“{tip.metadata["message"]}”</span>
                  ) : (
                    <span className="flex-1" />
                  )}
                  <TimeText iso={tip.occurredAt} className="shrink-0 text-xs text-slate-500" />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <Card title="Sessions" testId="hudson-sessions" actions={<SourceTag source="cb_events" />}>
        <SessionsTable sessions={hudson.sessions} />
      </Card>

      <Card title="Recent room activity" actions={<SourceTag source="cb_events" />}>
        {hudson.recentInteractions.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing has happened in the room yet.</p>
        ) : (
          <ul className="divide-y divide-slate-800/60">
            {hudson.recentInteractions.map((interaction) => (
              <InteractionLine key={interaction.id} interaction={interaction} username={interaction.username} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

export function HudsonPage() {
  const query = useQuery({ queryKey: keys.hudson, queryFn: getHudson, refetchInterval: 30_000 });
  return (
    <QueryState query={query} loadingLabel="Loading Hudson's room…">
      {(hudson) => <HudsonView hudson={hudson} />}
    </QueryState>
  );
}
