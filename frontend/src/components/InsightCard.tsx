import type { Insight } from "../api/types";
import { formatMetricValue, humanize } from "../lib/format";
import { ConfidenceBadge } from "./ConfidenceBadge";
import { EvidenceLinks } from "./Evidence";

const INSIGHT_TITLES: Record<string, string> = {
  "spending.room": "Tips in my room",
  "spending.frequency": "How often they tip",
  "spending.trend": "Spending trend",
  "spending.site_wide": "Spending across the site",
  "engagement.chat": "Chat",
  "engagement.attendance": "Attendance",
  "engagement.private": "Private messages",
  "loyalty.rfm": "Recency, frequency, value",
  "loyalty.money_over_time": "Money over time",
  "loyalty.fan_club": "Fan club",
  "loyalty.follow": "Following",
  "loyalty.seen": "Seen in the room",
  "timing.room_hours": "When they visit my room",
  "timing.site_wide_hours": "When they tip across the site",
  "tags.preferences": "Preferences",
  "tags.top_models": "Models they tip most",
  "session.top_tippers": "Top tippers",
  "session.newcomers": "Newcomers",
  "session.returning_regulars": "Returning regulars",
  "session.conversion": "Enter-to-tip conversion",
  "session.chat_volume": "Chat volume",
};

/** "spending.site_wide" → "Spending across the site"; unknown keys from their last part. */
export function insightTitle(key: string): string {
  return INSIGHT_TITLES[key] ?? humanize(key.split(".").pop() ?? key);
}

const SOURCE_TONES: Record<string, string> = {
  Statbate: "border-violet-700/60 bg-violet-950/50 text-violet-200",
  "Chaturbate Events": "border-amber-700/60 bg-amber-950/40 text-amber-200",
  "Chaturbate Stats": "border-amber-700/60 bg-amber-950/40 text-amber-200",
};

export function SourceLabel({ label }: { label: string }) {
  return (
    <span
      data-testid="insight-source"
      className={`rounded-md border px-1.5 py-0.5 text-[11px] font-semibold whitespace-nowrap ${
        SOURCE_TONES[label] ?? "border-slate-700 bg-slate-800/70 text-slate-300"
      }`}
    >
      {label}
    </span>
  );
}

function Facts({ facts }: { facts: Record<string, unknown> }) {
  const entries = Object.entries(facts).filter(([, value]) => value !== null && typeof value !== "object");
  if (entries.length === 0) return null;
  return (
    <details className="group text-xs">
      <summary className="cursor-pointer text-slate-500 select-none hover:text-slate-300">Figures</summary>
      <dl className="mt-1.5 grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 rounded-md bg-slate-950/50 px-3 py-2">
        {entries.map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="text-slate-400">{humanize(key)}</dt>
            <dd className="text-slate-200 tabular-nums">{formatMetricValue(value, key)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** One finding: what it says, how sure it is, where it came from and the rows behind it. */
export function InsightCard({ insight, personId }: { insight: Insight; personId?: number | undefined }) {
  const thin = !insight.enoughData;
  return (
    <li
      data-testid="insight"
      data-key={insight.key}
      data-enough-data={insight.enoughData ? "true" : "false"}
      className={`space-y-2 rounded-lg border px-3.5 py-3 ${
        thin ? "border-dashed border-slate-700/80 bg-transparent" : "border-slate-800 bg-slate-950/40"
      }`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h4 className={`text-sm font-semibold ${thin ? "text-slate-400" : "text-slate-100"}`}>{insightTitle(insight.key)}</h4>
        <ConfidenceBadge confidence={insight.confidence} />
        {thin ? (
          <span
            data-testid="insight-not-enough"
            className="rounded-md border border-dashed border-slate-600 px-1.5 py-0.5 text-[11px] text-slate-400"
          >
            not enough data
          </span>
        ) : null}
        <span className="ml-auto flex flex-wrap gap-1">
          {insight.sources.map((label) => (
            <SourceLabel key={label} label={label} />
          ))}
        </span>
      </div>
      <p data-testid="insight-summary" className={`text-sm leading-relaxed [overflow-wrap:anywhere] ${thin ? "text-slate-500 italic" : "text-slate-300"}`}>
        {insight.summary}
      </p>
      <EvidenceLinks evidence={insight.evidence} personId={personId} />
      <Facts facts={insight.facts} />
    </li>
  );
}
