import type { Confidence } from "../api/types";

const LEVELS: Record<Confidence, number> = { low: 1, medium: 2, high: 3 };

const STYLES: Record<Confidence, { badge: string; bar: string }> = {
  low: { badge: "border-slate-700 bg-slate-800/70 text-slate-300", bar: "bg-slate-300" },
  medium: { badge: "border-amber-700/60 bg-amber-950/50 text-amber-200", bar: "bg-amber-300" },
  high: { badge: "border-emerald-700/60 bg-emerald-950/60 text-emerald-300", bar: "bg-emerald-300" },
};

const MEANINGS: Record<Confidence, string> = {
  low: "Low confidence: few data points, or data from one source only",
  medium: "Medium confidence: a fair amount of consistent data",
  high: "High confidence: plenty of data, or stored facts",
};

/** How far an insight can be trusted, as a word and three signal bars. */
export function ConfidenceBadge({
  confidence,
  testId = "insight-confidence",
}: {
  confidence: Confidence;
  testId?: string;
}) {
  const style = STYLES[confidence];
  return (
    <span
      data-testid={testId}
      data-confidence={confidence}
      title={MEANINGS[confidence]}
      className={`inline-flex items-center gap-1.5 rounded-md border px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ${style.badge}`}
    >
      <span aria-hidden className="flex items-end gap-px">
        {[1, 2, 3].map((level) => (
          <span
            key={level}
            className={`w-[3px] rounded-sm ${level <= LEVELS[confidence] ? style.bar : "bg-slate-600/70"}`}
            style={{ height: `${3 + level * 2}px` }}
          />
        ))}
      </span>
      {confidence}
    </span>
  );
}
