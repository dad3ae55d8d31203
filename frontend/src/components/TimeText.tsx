import { formatDateTime, formatRelative } from "../lib/format";

/** A timestamp shown relatively ("5 minutes ago") with the exact time on hover. */
export function TimeText({
  iso,
  mode = "relative",
  className = "",
}: {
  iso: string | null | undefined;
  mode?: "relative" | "absolute";
  className?: string;
}) {
  if (!iso) return <span className={`text-slate-500 ${className}`}>—</span>;
  const exact = formatDateTime(iso);
  return (
    <time dateTime={iso} title={`${exact} (${iso})`} className={className}>
      {mode === "relative" ? formatRelative(iso) : exact}
    </time>
  );
}
