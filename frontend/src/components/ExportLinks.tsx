import type { ExportFormat } from "../api/types";

const FORMATS: readonly { format: ExportFormat; label: string; title: string }[] = [
  { format: "json", label: "JSON", title: "One JSON document" },
  { format: "csv", label: "CSV", title: "A zip with one CSV file per table" },
];

/** Download links for an export in each format; the server names the file. */
export function ExportLinks({
  label,
  urlFor,
  testId,
}: {
  label: string;
  urlFor: (format: ExportFormat) => string;
  testId: string;
}) {
  return (
    <div data-testid={testId} role="group" aria-label={label} className="inline-flex items-center overflow-hidden rounded-lg border border-slate-700 text-xs">
      <span className="flex items-center gap-1.5 bg-slate-900/80 px-2.5 py-1 text-slate-400">
        <svg viewBox="0 0 20 20" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
          <path d="M10 3v10M6 9l4 4 4-4M4 16h12" />
        </svg>
        {label}
      </span>
      {FORMATS.map(({ format, label: name, title }) => (
        <a
          key={format}
          href={urlFor(format)}
          download
          title={title}
          data-testid={`${testId}-${format}`}
          className="border-l border-slate-700 bg-slate-800/80 px-2.5 py-1 font-medium text-slate-200 hover:bg-slate-700/80"
        >
          {name}
        </a>
      ))}
    </div>
  );
}
