import type { ReactNode } from "react";
import { Link } from "react-router";

import type { EntryCard } from "../../api/types";
import { Initials } from "../../components/Initials";
import { useConnected } from "../../hooks/useConnections";
import { formatCompact, formatDate, formatNumber, formatRelative, formatSince, plural } from "../../lib/format";
import { CHIP_TONES, flagChips } from "../../lib/viewerFlags";
import { groundText, lookupLine, type LookupTone } from "./cardText";
import { HIGHLIGHTS } from "./highlights";

/** Why someone is highlighted, in words built from the card's own figures. */
export function highlightText(card: EntryCard): string | null {
  return card.highlightGrounds.length ? card.highlightGrounds.map((ground) => groundText(ground, card)).join("; ") : null;
}

export function HighlightBadge({ card, large = false }: { card: EntryCard; large?: boolean }) {
  if (!card.highlight) return null;
  const style = HIGHLIGHTS[card.highlight];
  return (
    <span
      data-testid="radar-highlight"
      data-highlight={card.highlight}
      title={highlightText(card) ?? style.label}
      className={`inline-flex items-center gap-1 rounded-full border font-semibold tracking-wide whitespace-nowrap uppercase ${style.badge} ${
        large ? "px-3 py-1 text-xs" : "px-2 py-0.5 text-[10px]"
      }`}
    >
      <span aria-hidden>{style.glyph}</span>
      {style.label}
    </span>
  );
}

function Figure({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="rounded-xl bg-slate-950/60 px-3 py-2.5">
      <div className="text-[11px] font-medium tracking-wide text-slate-400 uppercase">{label}</div>
      <div data-testid={testId} className="mt-0.5 text-2xl font-bold text-white tabular-nums">
        {value}
      </div>
      {hint ? <div className="mt-0.5 text-xs leading-snug text-slate-400">{hint}</div> : null}
    </div>
  );
}

/** Someone the room has not seen tip before, on their first visit or so. */
export function isNewFace(card: EntryCard): boolean {
  return card.visits <= 1 && card.roomTipCount === 0;
}

function NewFaceBadge({ card }: { card: EntryCard }) {
  if (!isNewFace(card) || card.highlight) return null;
  return (
    <span
      data-testid="radar-new-face"
      className="inline-flex items-center rounded-full border border-sky-400/50 bg-sky-400/10 px-2 py-0.5 text-[10px] font-semibold tracking-wide whitespace-nowrap text-sky-200 uppercase"
    >
      New face
    </span>
  );
}

const LOOKUP_TONES: Record<LookupTone, string> = {
  muted: "text-slate-400",
  busy: "text-sky-200",
  ok: "text-slate-300",
  warn: "text-amber-200",
};

/** Where the Statbate figure stands: looking up, looked up when, not on Statbate, failed. */
function LookupHint({ card, now, statbateConnected }: { card: EntryCard; now: Date; statbateConnected?: boolean | undefined }) {
  const line = lookupLine(card, now, statbateConnected);
  return (
    <span data-testid="radar-lookup" data-state={line.state} className={LOOKUP_TONES[line.tone]}>
      {line.state === "queued" ? <span aria-hidden className="mr-1 inline-block animate-pulse">●</span> : null}
      {line.text}
      {line.error ? (
        <>
          {" · "}
          <Link to="/failures" className="link" title={line.error}>
            why
          </Link>
        </>
      ) : null}
    </span>
  );
}

/** Chaturbate's own flags about the viewer, as chips (the raw value on hover). */
export function FlagChips({ card, className = "" }: { card: EntryCard; className?: string }) {
  const chips = flagChips(card.flags);
  if (!chips.length) return null;
  return (
    <div data-testid="radar-flags" className={`flex flex-wrap gap-1 ${className}`}>
      {chips.map((chip) => (
        <span
          key={chip.key}
          title={`${chip.raw} (Chaturbate, ${card.flags ? formatRelative(card.flags.seenAt) : ""})`}
          className={`rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${CHIP_TONES[chip.tone]}`}
        >
          {chip.label}
        </span>
      ))}
    </div>
  );
}

function arrivalText(reason: string, at: string, now: Date): string {
  const since = formatSince(at, now);
  if (reason === "tip") return `tipped ${since} ago`;
  if (reason === "present") return `in the room for ${since}`;
  return `entered ${since} ago`;
}

/** The big card of whoever just walked in: what they spent here and elsewhere, and what I noted. */
export function RadarCard({
  card,
  at,
  reason,
  now,
  onDismiss,
}: {
  card: EntryCard;
  at: string;
  reason: string;
  now: Date;
  onDismiss?: (() => void) | undefined;
}) {
  const highlight = card.highlight ? HIGHLIGHTS[card.highlight] : null;
  const statbateConnected = useConnected("statbate");
  const reasonText = highlightText(card);
  const latestNote = card.notes[0];
  return (
    <article
      data-testid="radar-card"
      data-username={card.username}
      data-spotlight="true"
      className={`animate-radar-in relative overflow-hidden rounded-2xl border bg-slate-900/80 p-4 shadow-xl shadow-black/30 sm:p-5 ${
        highlight ? highlight.ring : "border-slate-700/70"
      }`}
    >
      <div
        aria-hidden
        className={`pointer-events-none absolute inset-0 bg-gradient-to-br ${highlight ? highlight.glow : "from-indigo-500/10"} via-transparent to-transparent`}
      />
      <div className="@container relative space-y-4">
        <header className="flex items-start gap-3">
          <Initials username={card.username} className="h-14 w-14 rounded-2xl text-xl shadow-lg shadow-indigo-950" />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <Link
                to={`/person/${card.personId}`}
                data-testid="radar-card-link"
                className="truncate text-2xl font-bold tracking-tight text-white hover:text-indigo-200 sm:text-3xl"
              >
                {card.username}
              </Link>
              <HighlightBadge card={card} large />
              <NewFaceBadge card={card} />
            </div>
            <p className="mt-0.5 text-sm text-slate-400">
              {arrivalText(reason, at, now)}
              {card.visits > 0 ? ` · visit ${formatNumber(card.visits)}` : " · first visit"}
            </p>
            {reasonText ? (
              <p data-testid="radar-highlight-reason" className="mt-1 text-sm font-medium text-amber-100/90">
                {reasonText}
              </p>
            ) : null}
            <FlagChips card={card} className="mt-2" />
          </div>
          {onDismiss ? (
            <button type="button" className="btn-ghost btn-sm" onClick={onDismiss} aria-label="Back to the latest arrival">
              ✕
            </button>
          ) : null}
        </header>

        <div className="grid grid-cols-2 gap-2 @xl:grid-cols-4">
          <Figure
            label="Tips here"
            testId="radar-tips-here"
            value={<span className={card.roomTipsTotal > 0 ? "text-emerald-300" : ""}>{formatNumber(card.roomTipsTotal)}</span>}
            hint={plural(card.roomTipCount, "tip")}
          />
          <Figure
            label="Last tip"
            value={card.lastTipTokens !== null ? formatNumber(card.lastTipTokens) : "—"}
            hint={card.lastTipAt ? formatRelative(card.lastTipAt, now) : "never"}
          />
          <Figure label="Visits" value={formatNumber(card.visits)} />
          <Figure
            label="Statbate all-time"
            value={<span className={card.statbateAllTimeTokens ? "text-violet-200" : ""}>{formatCompact(card.statbateAllTimeTokens)}</span>}
            hint={
              <>
                <LookupHint card={card} now={now} statbateConnected={statbateConnected} />
                {card.statbateLastTipDate ? (
                  <span className="block">last tip {formatDate(card.statbateLastTipDate)}</span>
                ) : null}
              </>
            }
          />
        </div>

        {card.watchlists.length > 0 || card.tags.length > 0 ? (
          <div className="flex flex-wrap gap-1.5">
            {card.watchlists.map((list) => (
              <span key={`w${list.id}`} className="rounded-full border border-fuchsia-500/40 bg-fuchsia-500/10 px-2.5 py-0.5 text-sm text-fuchsia-100">
                {list.name}
              </span>
            ))}
            {card.tags.map((tag) => (
              <span key={`t${tag.key}`} className="rounded-full border border-indigo-500/40 bg-indigo-500/10 px-2.5 py-0.5 text-sm text-indigo-100">
                <span className="text-indigo-300/80">{tag.key}</span>
                {tag.value ? `=${tag.value}` : ""}
              </span>
            ))}
          </div>
        ) : null}

        {latestNote ? (
          <div data-testid="radar-latest-note">
            <p className="mb-1 text-[11px] font-medium tracking-wide text-slate-400 uppercase">
              Your note · {formatRelative(latestNote.updatedAt, now)}
            </p>
            <ul className="space-y-1.5">
              {card.notes.map((note) => (
                <li
                  key={note.id}
                  className="rounded-lg border-l-2 border-indigo-400/60 bg-slate-950/50 px-3 py-1.5 text-sm text-slate-200"
                >
                  <p className="line-clamp-2 whitespace-pre-wrap">{note.content}</p>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </article>
  );
}

/** A smaller card for earlier arrivals. */
export function RadarMiniCard({
  card,
  at,
  reason,
  now,
  onSelect,
}: {
  card: EntryCard;
  at: string;
  reason: string;
  now: Date;
  onSelect: () => void;
}) {
  const highlight = card.highlight ? HIGHLIGHTS[card.highlight] : null;
  return (
    <article
      data-testid="radar-card"
      data-username={card.username}
      className={`animate-radar-in w-72 shrink-0 rounded-xl border bg-slate-900/70 lg:w-auto ${highlight ? highlight.ring : "border-slate-800"}`}
    >
      <button type="button" onClick={onSelect} className="w-full cursor-pointer px-3 py-2.5 text-left hover:bg-slate-800/40">
        {/* On a phone's narrow card the badges and the arrival wrap, rather than cut the name to a letter. */}
        <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
          <span className="max-w-full min-w-0 truncate text-base font-semibold text-white">{card.username}</span>
          <HighlightBadge card={card} />
          <NewFaceBadge card={card} />
          <span className="ml-auto shrink-0 text-xs text-slate-500 tabular-nums">{arrivalText(reason, at, now)}</span>
        </div>
        <div className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-sm text-slate-400 tabular-nums">
          <span>
            <span className={card.roomTipsTotal > 0 ? "font-semibold text-emerald-300" : "text-slate-300"}>
              {formatNumber(card.roomTipsTotal)}
            </span>{" "}
            tk here
          </span>
          <span>{plural(card.visits, "visit")}</span>
          {card.statbateAllTimeTokens !== null ? <span>SB {formatCompact(card.statbateAllTimeTokens)}</span> : null}
          {card.watchlists.length ? <span className="text-fuchsia-200">{card.watchlists.map((list) => list.name).join(", ")}</span> : null}
        </div>
        <FlagChips card={card} className="mt-1.5" />
        {card.notes[0] ? (
          <p data-testid="radar-mini-note" className="mt-1 line-clamp-1 text-sm text-slate-300">
            <span className="text-slate-400">Note: </span>
            {card.notes[0].content}
          </p>
        ) : null}
      </button>
    </article>
  );
}
