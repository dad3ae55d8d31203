import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { getSessionAnalysis } from "../../api/endpoints";
import { keys } from "../../api/keys";
import type { SessionAnalysis, SessionPersonAnalysis } from "../../api/types";
import { EvidenceLink } from "../../components/Evidence";
import { QueryState } from "../../components/Feedback";
import { InsightCard } from "../../components/InsightCard";
import { PersonLink } from "../../components/PersonLink";
import { useOwnerClock } from "../../components/OwnerClock";
import { coverageNote, isComplete } from "../../lib/coverage";
import { formatCount } from "../../lib/format";
import { TopTippers } from "./TopTippers";

/** 0.1234 → "12%", 0.004 → "0.4%", null → "—". */
export function formatShare(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return "—";
  const percent = share * 100;
  return `${percent > 0 && percent < 1 ? percent.toFixed(1) : Math.round(percent)}%`;
}

function Figure({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId} className="rounded-lg border border-slate-800/70 bg-slate-950/40 px-3 py-2">
      <div className="text-[11px] text-slate-400">{label}</div>
      <div className="text-lg font-semibold text-white tabular-nums">{value}</div>
    </div>
  );
}

function PeopleList({
  title,
  people,
  testId,
  empty,
}: {
  title: string;
  people: SessionPersonAnalysis[];
  testId: string;
  empty: string;
}) {
  return (
    <div data-testid={testId}>
      <p className="card-title mb-2">
        {title} <span className="text-slate-500">({people.length})</span>
      </p>
      {people.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="max-h-56 space-y-1 overflow-y-auto pr-1 text-sm">
          {people.map((person) => (
            <li key={person.personId} className="flex items-center gap-2">
              <PersonLink id={person.personId} username={person.username} />
              {person.priorSessions > 0 ? (
                <span className="text-xs text-slate-500">{person.priorSessions} earlier sessions</span>
              ) : null}
              <span className="ml-auto">
                <EvidenceLink evidence={person.evidence} personId={person.personId} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function SessionAnalysisView({ analysis }: { analysis: SessionAnalysis }) {
  useOwnerClock();
  const complete = isComplete(analysis.coverage);
  const note = coverageNote(analysis.coverage);
  return (
    <div data-testid="session-analysis" data-coverage={analysis.coverage.state} className="space-y-4">
      <p className="card-title">Analysis</p>
      {note ? (
        <p data-testid="session-analysis-partial" className="rounded-lg border border-amber-700/50 bg-amber-950/30 px-3 py-2 text-sm text-amber-200">
          {note}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
        <Figure label="Enter → tip conversion" value={formatShare(analysis.enterToTipConversion)} testId="session-conversion" />
        <Figure label="Newcomers" value={formatCount(analysis.newcomers.length, complete)} />
        <Figure label="Returning regulars" value={formatCount(analysis.returningRegulars.length, complete)} />
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <div data-testid="session-analysis-tippers">
          <TopTippers
            tippers={analysis.topTippers}
            complete={complete}
            scroll
            more={(tipper) => (
              <>
                <span className="w-12 text-right text-xs text-slate-500 tabular-nums">
                  {tipper.tips} tip{tipper.tips === 1 ? "" : "s"}
                </span>
                <EvidenceLink evidence={tipper.evidence} personId={tipper.personId} />
              </>
            )}
          />
        </div>
        <PeopleList title="Newcomers" people={analysis.newcomers} testId="session-analysis-newcomers" empty="Nobody new." />
        <PeopleList
          title="Returning regulars"
          people={analysis.returningRegulars}
          testId="session-analysis-regulars"
          empty="No regulars came back."
        />
      </div>
      {analysis.insights.length > 0 ? (
        <ul className="grid grid-cols-1 gap-2.5 lg:grid-cols-2">
          {analysis.insights.map((insight) => (
            <InsightCard key={insight.key} insight={insight} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Who tipped, who was new, who came back, and how many visitors turned into tippers. */
export function SessionAnalysisPanel({ sessionId }: { sessionId: number }) {
  const query = useQuery({ queryKey: keys.sessionAnalysis(sessionId), queryFn: () => getSessionAnalysis(sessionId) });
  return (
    <QueryState query={query} loadingLabel="Analysing the session…">
      {(analysis) => <SessionAnalysisView analysis={analysis} />}
    </QueryState>
  );
}
