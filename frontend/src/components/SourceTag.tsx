import { sourceDetailLabel, sourceLabel } from "../lib/format";
import { TimeText } from "./TimeText";

const SOURCE_STYLES: Record<string, string> = {
  Statbate: "border-violet-700/60 bg-violet-950/50 text-violet-200",
  "Statbate Plus": "border-violet-700/60 bg-violet-950/50 text-violet-200",
  Chaturbate: "border-amber-700/60 bg-amber-950/40 text-amber-200",
};

/** Where a figure came from ("Statbate" / "Chaturbate") and when it was captured. */
export function SourceTag({
  source,
  capturedAt,
  detailed = false,
}: {
  source: string;
  capturedAt?: string | null;
  detailed?: boolean;
}) {
  const label = sourceLabel(source);
  const style = SOURCE_STYLES[label] ?? "border-slate-700 bg-slate-800/70 text-slate-300";
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
      <span
        data-testid="source-label"
        className={`rounded-md border px-1.5 py-0.5 text-[11px] font-semibold ${style}`}
      >
        {detailed ? sourceDetailLabel(source) : label}
      </span>
      {capturedAt !== undefined ? (
        <span data-testid="captured-at">
          captured <TimeText iso={capturedAt} />
        </span>
      ) : null}
    </span>
  );
}
