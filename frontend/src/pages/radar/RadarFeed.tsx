import { useState } from "react";

import type { InteractionType, RadarEvent, RadarHighlight } from "../../api/types";
import { formatClock, formatNumber, interactionTypeLabel } from "../../lib/format";
import { HIGHLIGHTS } from "./highlights";

/** Tips at or above these amounts get a louder style. */
const BIG_TIP = 100;
const HUGE_TIP = 500;

type FeedGroup = "tips" | "chat" | "follows" | "presence" | "other";

const GROUPS: Record<FeedGroup, { label: string; types: readonly InteractionType[] }> = {
  tips: { label: "Tips", types: ["TIP", "MEDIA_PURCHASE", "FANCLUB_JOIN"] },
  chat: { label: "Chat", types: ["CHAT_MESSAGE", "PRIVATE_MESSAGE"] },
  follows: { label: "Follows", types: ["FOLLOW", "UNFOLLOW"] },
  presence: { label: "Enters & leaves", types: ["USER_ENTER", "USER_LEAVE"] },
  other: { label: "Other", types: [] },
};
const GROUP_IDS = Object.keys(GROUPS) as FeedGroup[];

export function feedGroup(type: InteractionType): FeedGroup {
  return GROUP_IDS.find((group) => GROUPS[group].types.includes(type)) ?? "other";
}

export function tipTier(tokens: number | null): "huge" | "big" | "normal" {
  if ((tokens ?? 0) >= HUGE_TIP) return "huge";
  if ((tokens ?? 0) >= BIG_TIP) return "big";
  return "normal";
}

const ENTRY_TITLES: Record<RadarHighlight, string> = { big_spender: "Big spender", watchlist: "On a watchlist" };

const TIP_STYLES = {
  huge: "border-amber-400/70 bg-gradient-to-r from-amber-500/25 via-amber-500/10 to-transparent shadow-lg shadow-amber-900/30",
  big: "border-emerald-400/60 bg-gradient-to-r from-emerald-500/20 via-emerald-500/5 to-transparent",
  normal: "border-emerald-700/50 bg-emerald-500/[0.07]",
} as const;

function Name({ event, className = "" }: { event: RadarEvent; className?: string }) {
  return <span className={`font-semibold break-all ${className}`}>{event.username}</span>;
}

function TipItem({ event }: { event: RadarEvent }) {
  const tier = tipTier(event.tokens);
  return (
    <div className={`flex items-center gap-3 rounded-xl border px-3 py-2.5 ${TIP_STYLES[tier]}`}>
      <span
        className={`shrink-0 font-black tracking-tight tabular-nums ${
          tier === "huge" ? "text-3xl text-amber-200" : tier === "big" ? "text-2xl text-emerald-200" : "text-xl text-emerald-300"
        }`}
      >
        {formatNumber(event.tokens ?? 0)}
        <span className="ml-1 text-xs font-semibold opacity-70">tk</span>
      </span>
      <div className="min-w-0 flex-1">
        <Name event={event} className="text-lg text-white" />
        {event.content ? <p className="text-base break-words text-slate-200/90 italic">“{event.content}”</p> : null}
      </div>
    </div>
  );
}

function Line({ event }: { event: RadarEvent }) {
  switch (event.type) {
    case "CHAT_MESSAGE":
      return (
        <p className="text-lg leading-snug">
          <Name event={event} className="mr-2 text-indigo-300" />
          <span className="break-words text-slate-100">{event.content}</span>
        </p>
      );
    case "PRIVATE_MESSAGE":
      return (
        <p className="text-lg leading-snug">
          <span className="mr-2 rounded bg-violet-500/20 px-1.5 py-0.5 text-xs font-bold text-violet-200">PM</span>
          <Name event={event} className="mr-2 text-violet-300" />
          <span className="break-words text-slate-100">{event.content}</span>
        </p>
      );
    case "FOLLOW":
      return (
        <p className="text-lg text-sky-200">
          <span aria-hidden className="mr-2">♥</span>
          <Name event={event} /> followed
        </p>
      );
    case "UNFOLLOW":
      return (
        <p className="text-base text-rose-300/80">
          <Name event={event} /> unfollowed
        </p>
      );
    case "USER_ENTER":
      return (
        <p className="text-base text-slate-300">
          <span aria-hidden className="mr-2 text-emerald-400">→</span>
          <Name event={event} className="text-slate-100" /> entered
          {event.card?.highlight ? (
            <span className={`ml-2 ${HIGHLIGHTS[event.card.highlight].glyphColor}`} title={ENTRY_TITLES[event.card.highlight]}>
              {HIGHLIGHTS[event.card.highlight].glyph}
            </span>
          ) : null}
        </p>
      );
    case "USER_LEAVE":
      return (
        <p className="text-sm text-slate-500">
          <span aria-hidden className="mr-2">←</span>
          <Name event={event} className="font-medium" /> left
        </p>
      );
    case "FANCLUB_JOIN":
      return (
        <p className="text-lg text-fuchsia-200">
          <span aria-hidden className="mr-2">✦</span>
          <Name event={event} /> joined the fan club
        </p>
      );
    case "MEDIA_PURCHASE":
      return (
        <p className="text-lg text-emerald-200">
          <Name event={event} /> bought media{event.tokens ? ` · ${formatNumber(event.tokens)} tk` : ""}
        </p>
      );
    case "BROADCAST_START":
    case "BROADCAST_STOP":
      return (
        <p className="flex items-center gap-3 text-sm font-semibold tracking-widest text-amber-300 uppercase">
          <span className="h-px flex-1 bg-amber-500/40" />
          {event.type === "BROADCAST_START" ? "Broadcast started" : "Broadcast ended"}
          <span className="h-px flex-1 bg-amber-500/40" />
        </p>
      );
    default:
      return (
        <p className="text-base text-slate-400">
          <Name event={event} className="text-slate-300" /> · {interactionTypeLabel(event.type)}
          {event.content ? `: ${event.content}` : ""}
        </p>
      );
  }
}

/** The live feed, newest on top, with quick filters for a busy room. */
export function RadarFeed({ events }: { events: RadarEvent[] }) {
  const [hidden, setHidden] = useState<ReadonlySet<FeedGroup>>(() => new Set());
  const toggle = (group: FeedGroup) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(group)) next.delete(group);
      else next.add(group);
      return next;
    });
  const shown = events.filter((event) => !hidden.has(feedGroup(event.type)));
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="mb-3 flex flex-wrap gap-1.5" role="group" aria-label="Show in the feed">
        {GROUP_IDS.map((group) => {
          const on = !hidden.has(group);
          return (
            <button
              key={group}
              type="button"
              data-testid={`radar-filter-${group}`}
              aria-pressed={on}
              onClick={() => toggle(group)}
              className={`cursor-pointer rounded-full border px-3 py-1 text-xs font-medium transition-colors ${
                on ? "border-indigo-500/60 bg-indigo-500/15 text-indigo-100" : "border-slate-700 text-slate-500 line-through"
              }`}
            >
              {GROUPS[group].label}
            </button>
          );
        })}
      </div>
      {shown.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-800 px-4 py-10 text-center text-slate-500">
          {events.length === 0 ? "Waiting for room events…" : "Nothing to show with these filters."}
        </p>
      ) : (
        <ol data-testid="radar-feed" tabIndex={0} aria-label="Live feed events" className="min-h-0 flex-1 space-y-1.5 overflow-y-auto overscroll-contain pr-1">
          {shown.map((event) => (
            <li
              key={event.id}
              data-testid="radar-event"
              data-type={event.type}
              data-id={event.id}
              className={`animate-radar-in flex items-start gap-3 ${event.type === "TIP" ? "" : "rounded-lg px-3 py-1.5 hover:bg-slate-800/30"}`}
            >
              <div className="min-w-0 flex-1">{event.type === "TIP" ? <TipItem event={event} /> : <Line event={event} />}</div>
              <time
                dateTime={event.occurredAt}
                className={`shrink-0 pt-1 font-mono text-xs text-slate-500 tabular-nums ${event.type === "TIP" ? "pt-3" : ""}`}
              >
                {formatClock(event.occurredAt)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
