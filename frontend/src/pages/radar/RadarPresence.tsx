import type { PresentCard, ViewerCounts } from "../../api/types";
import { formatCompact, formatNumber, formatRelative, formatSince } from "../../lib/format";
import { HIGHLIGHTS } from "./highlights";

/** What the room list's markers mean. */
export function RadarLegend() {
  return (
    <p data-testid="radar-legend" className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-400">
      <span>
        <span aria-hidden className={HIGHLIGHTS.big_spender.glyphColor}>
          {HIGHLIGHTS.big_spender.glyph}
        </span>{" "}
        big spender
      </span>
      <span>
        <span aria-hidden className={HIGHLIGHTS.watchlist.glyphColor}>
          {HIGHLIGHTS.watchlist.glyph}
        </span>{" "}
        on a watchlist
      </span>
      <span>
        <span aria-hidden className="text-emerald-500">
          •
        </span>{" "}
        in the room
      </span>
      <span>
        <span aria-hidden className="text-pink-300">
          ♥
        </span>{" "}
        fan club
      </span>
    </p>
  );
}

/** How much of the room the panel knows: "19 known of 24 viewers · 19 registered · 2 min ago". */
export function RoomCoverage({ known, counts, now }: { known: number; counts: ViewerCounts | null; now: Date }) {
  if (!counts || counts.viewers === null) {
    return (
      <p data-testid="radar-counts" className="mb-2 text-xs text-slate-400">
        {formatNumber(known)} known · no viewer count from the Stats API yet
      </p>
    );
  }
  return (
    <p data-testid="radar-counts" className="mb-2 text-xs text-slate-400" title="From the Chaturbate Stats API">
      <span className="font-semibold text-slate-200 tabular-nums">{formatNumber(known)}</span> known of{" "}
      <span className="font-semibold text-slate-200 tabular-nums">{formatNumber(counts.viewers)}</span> viewers
      {counts.registered !== null ? ` · ${formatNumber(counts.registered)} registered` : ""}
      {counts.tokened !== null ? ` · ${formatNumber(counts.tokened)} with tokens` : ""} · captured{" "}
      {formatRelative(counts.capturedAt, now)}
    </p>
  );
}

/** Highlighted people first, then the most recent arrivals. */
export function presenceOrder(present: PresentCard[]): PresentCard[] {
  return [...present].sort(
    (a, b) => Number(b.highlight !== null) - Number(a.highlight !== null) || b.enteredAt.localeCompare(a.enteredAt),
  );
}

/** Who is in the room right now; choosing someone shows their card. */
export function RadarPresence({
  present,
  live,
  now,
  selected,
  onSelect,
}: {
  present: PresentCard[];
  live: boolean;
  now: Date;
  selected: number | null;
  onSelect: (personId: number) => void;
}) {
  if (present.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-slate-800 px-4 py-8 text-center text-slate-500">
        {live ? "Nobody in the room yet." : "Not broadcasting."}
      </p>
    );
  }
  return (
    <ul className="min-h-0 flex-1 space-y-1 overflow-y-auto overscroll-contain pr-1">
      {presenceOrder(present).map((person) => (
        <li key={person.personId}>
          <button
            type="button"
            data-testid="radar-present-item"
            data-username={person.username}
            aria-pressed={selected === person.personId}
            onClick={() => onSelect(person.personId)}
            className={`flex w-full cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-left transition-colors ${
              selected === person.personId
                ? "border-indigo-500/60 bg-indigo-500/10"
                : person.highlight === "big_spender"
                  ? "border-amber-500/40 bg-amber-500/[0.06] hover:bg-amber-500/10"
                  : person.highlight === "watchlist"
                    ? "border-fuchsia-500/40 bg-fuchsia-500/[0.06] hover:bg-fuchsia-500/10"
                    : "border-transparent hover:bg-slate-800/50"
            }`}
          >
            <span
              aria-hidden
              className={`w-4 shrink-0 text-center ${person.highlight ? HIGHLIGHTS[person.highlight].glyphColor : "text-emerald-500"}`}
            >
              {person.highlight ? HIGHLIGHTS[person.highlight].glyph : "•"}
            </span>
            <span className="min-w-0 flex-1 truncate text-base font-medium text-slate-100">{person.username}</span>
            {person.flags?.inFanclub ? (
              <span className="shrink-0 text-pink-300" title="In the fan club (Chaturbate)">
                ♥
              </span>
            ) : null}
            {person.flags?.isMod ? (
              <span className="shrink-0 rounded bg-sky-400/15 px-1 text-[10px] font-semibold text-sky-200" title="Moderator (Chaturbate)">
                MOD
              </span>
            ) : null}
            {person.roomTipsTotal > 0 ? (
              <span className="shrink-0 text-sm font-semibold text-emerald-300 tabular-nums" title={`${formatNumber(person.roomTipsTotal)} tokens tipped here`}>
                {formatCompact(person.roomTipsTotal)}
              </span>
            ) : null}
            <span className="w-14 shrink-0 text-right text-xs text-slate-500 tabular-nums">{formatSince(person.enteredAt, now)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
