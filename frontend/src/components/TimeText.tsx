import { formatDateTime, formatRelative } from "../lib/format";
import { useOwnerClock } from "./OwnerClock";

/**
 * A timestamp on the owner's clock: relative ("5 minutes ago") or absolute ("5 Jan 2026,
 * 9:04 PM EST", with the zone's name), the exact time to the second and the zone on hover.
 * `seconds` shows seconds in the absolute form, where the order of close events matters.
 */
export function TimeText({
  iso,
  mode = "relative",
  seconds = false,
  className = "",
}: {
  iso: string | null | undefined;
  mode?: "relative" | "absolute";
  seconds?: boolean;
  className?: string;
}) {
  const clock = useOwnerClock();
  if (!iso) return <span className={`text-slate-500 ${className}`}>—</span>;
  const exact = formatDateTime(iso, { seconds: true, zone: true, clock });
  return (
    <time dateTime={iso} title={`${exact} (${clock.timezone})`} className={className}>
      {mode === "relative" ? formatRelative(iso) : formatDateTime(iso, { seconds, zone: true, clock })}
    </time>
  );
}
