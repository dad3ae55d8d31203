import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { ApiError } from "../../api/client";
import { getPersonAnalysis } from "../../api/endpoints";
import { keys } from "../../api/keys";
import { useCaptureStatbateProfile } from "../../api/mutations/analysis";
import { ANALYSIS_DIMENSIONS, type AnalysisDimension, type Insight, type MonthActivity } from "../../api/types";
import { ActivityHeatmap } from "../../components/ActivityHeatmap";
import { ErrorAlert, QueryState, Spinner } from "../../components/Feedback";
import { InsightCard } from "../../components/InsightCard";
import { TimeText } from "../../components/TimeText";
import { formatMonth, formatNumber } from "../../lib/format";
import { SuggestionsPanel } from "./SuggestionsPanel";
import { NeedsStatbate } from "../../components/NeedsStatbate";
import { useConnected } from "../../hooks/useConnections";
import { ScrollX } from "../../components/ScrollX";

const DIMENSIONS: Record<AnalysisDimension, { title: string; hint: string }> = {
  spending: { title: "Spending", hint: "what they give, here and elsewhere" },
  engagement: { title: "Engagement", hint: "how they take part in the room" },
  loyalty: { title: "Loyalty", hint: "how they stick around" },
  timing: { title: "Timing", hint: "when they show up" },
  tags: { title: "Tags", hint: "what they seem to like" },
};

/** "2026-02" → "Feb 2026" (the month as given, in the owner's time zone). */
export function monthLabel(month: string): string {
  return formatMonth(month);
}

/** Fetches tag spending, top models and site-wide activity from Statbate, then re-analyses. */
function StatbateProfileFetch({ personId }: { personId: number }) {
  const fetchProfile = useCaptureStatbateProfile(personId);
  const statbateConnected = useConnected("statbate");
  const missed = fetchProfile.data?.parts.filter((part) => part.outcome !== "captured") ?? [];
  if (statbateConnected === false) return <NeedsStatbate className="mb-3" />;
  return (
    <div className="mb-3 space-y-2">
      <button
        type="button"
        data-testid="statbate-profile-fetch"
        className="btn-secondary btn-sm"
        disabled={fetchProfile.isPending}
        onClick={() => fetchProfile.mutate()}
      >
        {fetchProfile.isPending ? <Spinner className="h-3 w-3" /> : null}
        Fetch Statbate profile
      </button>
      {missed.length > 0 ? (
        <p data-testid="statbate-profile-missed" className="text-xs text-amber-300">
          Not captured: {missed.map((part) => `${part.part.replace("_", " ")} (${part.outcome.replace("_", " ")})`).join(", ")}
        </p>
      ) : null}
      {fetchProfile.error ? <ErrorAlert error={fetchProfile.error} testId="statbate-profile-error" /> : null}
    </div>
  );
}

function InsightSection({
  dimension,
  insights,
  personId,
}: {
  dimension: AnalysisDimension;
  insights: Insight[];
  personId: number;
}) {
  const { title, hint } = DIMENSIONS[dimension];
  return (
    <section data-testid="analysis-section" data-section={dimension} className="card p-4 sm:p-5">
      <header className="mb-3 flex flex-wrap items-baseline gap-x-2">
        <h3 className="text-base font-semibold text-white">{title}</h3>
        <span className="text-xs text-slate-500">{hint}</span>
      </header>
      {dimension === "tags" ? <StatbateProfileFetch personId={personId} /> : null}
      {insights.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing to say yet.</p>
      ) : (
        <ul className="space-y-2.5">
          {insights.map((insight) => (
            <InsightCard key={insight.key} insight={insight} personId={personId} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MonthlyTotals({ months }: { months: MonthActivity[] }) {
  if (months.length === 0) return <p className="text-sm text-slate-500">No activity recorded yet.</p>;
  const newestFirst = [...months].sort((a, b) => b.month.localeCompare(a.month));
  const maxTokens = Math.max(1, ...months.map((month) => month.tokens));
  return (
    <ScrollX label="Month by month figures" className="-mx-4 sm:-mx-5">
      <table data-testid="analysis-months" className="w-full text-sm">
        <thead>
          <tr className="table-head">
            <th className="px-4 py-2 sm:px-5">Month</th>
            <th className="px-4 py-2 text-right">Interactions</th>
            <th className="px-4 py-2 text-right">Tips</th>
            <th className="px-4 py-2 text-right">Tokens</th>
            <th className="hidden w-1/3 px-4 py-2 md:table-cell" aria-label="Tokens bar" />
            <th className="px-4 py-2 text-right sm:px-5">Active days</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((month) => (
            <tr key={month.month} data-testid="month-row" data-month={month.month} className="table-row">
              <td className="px-4 py-2 whitespace-nowrap text-slate-200 sm:px-5">{monthLabel(month.month)}</td>
              <td className="px-4 py-2 text-right text-slate-300 tabular-nums">{formatNumber(month.interactions)}</td>
              <td className="px-4 py-2 text-right text-slate-300 tabular-nums">{formatNumber(month.tips)}</td>
              <td className="px-4 py-2 text-right font-medium text-emerald-300 tabular-nums">{formatNumber(month.tokens)}</td>
              <td className="hidden px-4 py-2 md:table-cell">
                <div className="h-2 rounded-full bg-slate-800/70">
                  <div
                    className="h-2 rounded-full bg-gradient-to-r from-emerald-600 to-emerald-400"
                    style={{ width: `${(month.tokens / maxTokens) * 100}%` }}
                  />
                </div>
              </td>
              <td className="px-4 py-2 text-right text-slate-300 tabular-nums sm:px-5">{formatNumber(month.activeDays)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollX>
  );
}

function ExcludedNotice({ onAnalyse }: { onAnalyse: () => void }) {
  return (
    <div
      data-testid="analysis-excluded"
      className="flex flex-col gap-3 rounded-xl border border-rose-900/60 bg-rose-950/30 px-5 py-4 sm:flex-row sm:items-center"
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium text-rose-100">This person is on the exclusion list.</p>
        <p className="mt-0.5 text-sm text-rose-200/70">
          Excluded people are left out of analyses, aggregates and paid lookups. You can still look at theirs once.
        </p>
      </div>
      <button type="button" data-testid="analysis-include-excluded" className="btn-secondary shrink-0" onClick={onAnalyse}>
        Analyse anyway
      </button>
    </div>
  );
}

/** What the stored data says about a person, with evidence, activity and tag suggestions. */
export function AnalysisTab({ personId }: { personId: number }) {
  const [includeExcluded, setIncludeExcluded] = useState(false);
  const query = useQuery({
    queryKey: keys.personAnalysis(personId, includeExcluded),
    queryFn: () => getPersonAnalysis(personId, includeExcluded),
  });

  // An excluded person is analysed only when asked for (the API answers 409 until then).
  if (query.error instanceof ApiError && query.error.status === 409 && !includeExcluded) {
    return <ExcludedNotice onAnalyse={() => setIncludeExcluded(true)} />;
  }
  return (
    <QueryState query={query} loadingLabel="Analysing…">
      {(analysis) => (
        <div data-testid="person-analysis" className="space-y-4">
          <div className="flex flex-wrap items-center gap-3 text-xs text-slate-500">
            <span>
              Generated <TimeText iso={analysis.generatedAt} className="text-slate-300" /> · times in{" "}
              <span className="text-slate-300">{analysis.timezone}</span>
            </span>
            {analysis.isExcluded ? (
              <span data-testid="analysis-excluded-shown" className="rounded-md border border-rose-800/60 bg-rose-950/50 px-2 py-0.5 text-rose-200">
                Excluded person: shown on request
              </span>
            ) : null}
            <button
              type="button"
              data-testid="analysis-refresh"
              className="btn-ghost btn-sm ml-auto"
              disabled={query.isFetching}
              onClick={() => void query.refetch()}
            >
              {query.isFetching ? <Spinner className="h-3 w-3" /> : null}
              Refresh
            </button>
          </div>

          {analysis.suggestions.length > 0 ? (
            <SuggestionsPanel personId={personId} suggestions={analysis.suggestions} includeExcluded={includeExcluded} />
          ) : null}

          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            {ANALYSIS_DIMENSIONS.map((dimension) => (
              <InsightSection key={dimension} dimension={dimension} insights={analysis[dimension]} personId={personId} />
            ))}
            <section data-testid="analysis-activity" className="card p-4 sm:p-5">
              <header className="mb-3 flex flex-wrap items-baseline gap-x-2">
                <h3 className="text-base font-semibold text-white">Activity</h3>
                <span className="text-xs text-slate-500">interactions by weekday and hour</span>
              </header>
              <ActivityHeatmap grid={analysis.activityHeatmap} timezone={analysis.timezone} />
            </section>
            <section className="card p-4 sm:p-5 lg:col-span-2">
              <header className="mb-3 flex flex-wrap items-baseline gap-x-2">
                <h3 className="text-base font-semibold text-white">Month by month</h3>
                <span className="text-xs text-slate-500">in my room</span>
              </header>
              <MonthlyTotals months={analysis.months} />
            </section>
          </div>
        </div>
      )}
    </QueryState>
  );
}
