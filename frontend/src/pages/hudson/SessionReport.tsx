import { useQuery } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { createPortal } from "react-dom";

import { getSessionReport } from "../../api/endpoints";
import { keys } from "../../api/keys";
import { useSetSessionTheme } from "../../api/mutations/sessions";
import type { SessionSummary } from "../../api/types";
import { ErrorAlert, QueryState, Spinner } from "../../components/Feedback";
import { CoverageBadge } from "../../components/CoverageBadge";
import { formatDate, formatDayKey } from "../../lib/format";

const LABEL_SEPARATOR = " Stream – ";

/** The theme the report's label line names ("" until the owner gives one). */
export function themeOf(report: string): string {
  const label = report.split("\n", 1)[0] ?? "";
  const at = label.indexOf(LABEL_SEPARATOR);
  return at < 0 ? "" : label.slice(at + LABEL_SEPARATOR.length).trim();
}

/** A theme suggested by the room subject at the start: its words without hashtags or prices. */
export function suggestedTheme(report: string): string {
  const line = report.split("\n").find((text) => text.startsWith("Room Subject: "));
  const subject = line?.slice("Room Subject: ".length).trim() ?? "";
  if (!subject || subject === "Unknown") return "";
  const words = subject
    .replace(/#\S+/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return words.length > 60 ? `${words.slice(0, 59).trimEnd()}…` : words;
}

function ThemeForm({ sessionId, report }: { sessionId: number; report: string }) {
  const current = themeOf(report);
  const [theme, setTheme] = useState(current);
  const save = useSetSessionTheme(sessionId);
  const suggestion = suggestedTheme(report);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(theme);
  }

  return (
    <form data-testid="report-theme-form" className="flex flex-wrap items-end gap-2" onSubmit={submit}>
      <div className="min-w-0 flex-1 basis-56">
        <label htmlFor="report-theme" className="label">
          Theme
        </label>
        <input
          id="report-theme"
          data-testid="report-theme"
          className="input"
          maxLength={200}
          placeholder={suggestion || "What was this show about?"}
          value={theme}
          onChange={(event) => setTheme(event.target.value)}
        />
      </div>
      {suggestion && !theme ? (
        <button type="button" className="btn-ghost btn-sm" data-testid="report-theme-suggestion" onClick={() => setTheme(suggestion)}>
          Use “{suggestion}”
        </button>
      ) : null}
      <button type="submit" className="btn-secondary" data-testid="report-theme-save" disabled={save.isPending || theme.trim() === current}>
        {save.isPending ? <Spinner className="h-3 w-3" /> : null}
        Save theme
      </button>
      {save.error ? <ErrorAlert error={save.error} /> : null}
    </form>
  );
}

type CopyState = "idle" | "copied" | "failed";

function ReportActions({ report, filename }: { report: string; filename: string }) {
  const [copy, setCopy] = useState<CopyState>("idle");

  async function copyReport() {
    try {
      await navigator.clipboard.writeText(report);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([report], { type: "text/markdown;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" data-testid="report-copy" className="btn-primary btn-sm" onClick={() => void copyReport()}>
        Copy
      </button>
      <button type="button" data-testid="report-download" className="btn-secondary btn-sm" onClick={download}>
        Download .md
      </button>
      <span role="status" data-testid="report-copy-status" className="text-xs">
        {copy === "copied" ? <span className="text-emerald-300">Copied to the clipboard</span> : null}
        {copy === "failed" ? <span className="text-rose-300">The browser refused the clipboard: select the text instead</span> : null}
      </span>
    </div>
  );
}

/** The session's stream report: the Markdown as the server wrote it, to copy or download. */
export function SessionReportDialog({ session, onClose }: { session: SessionSummary; onClose: () => void }) {
  const report = useQuery({ queryKey: keys.sessionReport(session.id), queryFn: () => getSessionReport(session.id) });
  const filename = `stream-report-${formatDayKey(session.startedAt)}-${session.id}.md`;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  // In a portal: over the whole page, whichever card or stacking context it is opened from.
  return createPortal(
    <div className="fixed inset-0 z-50 flex items-stretch justify-center bg-black/70 p-2 sm:items-center sm:p-6" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="session-report-title"
        data-testid="session-report"
        data-session-id={session.id}
        className="card flex max-h-full w-full max-w-3xl flex-col gap-3 p-4 sm:p-5"
        onClick={(event) => event.stopPropagation()}
      >
        <header className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="session-report-title" className="flex items-center gap-2 text-base font-semibold text-white">
            Stream report · {formatDate(session.startedAt)}
            <CoverageBadge coverage={session.coverage} />
          </h2>
          <button type="button" data-testid="report-close" className="btn-ghost btn-sm" onClick={onClose} autoFocus>
            Close
          </button>
        </header>
        <QueryState query={report} loadingLabel="Writing the report…">
          {(markdown) => (
            <>
              <ThemeForm key={themeOf(markdown)} sessionId={session.id} report={markdown} />
              <ReportActions report={markdown} filename={filename} />
              <pre
                data-testid="report-markdown"
                className="min-h-0 flex-1 overflow-auto rounded-lg border border-slate-800 bg-slate-950/70 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap text-slate-200"
              >
                {markdown}
              </pre>
            </>
          )}
        </QueryState>
      </div>
    </div>,
    document.body,
  );
}
