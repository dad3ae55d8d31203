import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode, type RefObject } from "react";

import { keys } from "../api/keys";

import type { PresentCard } from "../api/types";
import { SessionClock, useCurrentSession } from "../components/SessionClock";
import { useNow } from "../hooks/useNow";
import { formatNumber, plural } from "../lib/format";
import { RadarCard, RadarMiniCard } from "./radar/RadarCard";
import { RadarFeed } from "./radar/RadarFeed";
import { AlertToggles } from "../components/alerts/AlertToggles";
import { RadarLegend, RadarPresence, RoomCoverage } from "./radar/RadarPresence";
import { spotlightArrival, type Arrival, type ConnectionStatus } from "./radar/radarState";
import { useRadarStream } from "./radar/useRadarStream";

const CONNECTION: Record<ConnectionStatus, { label: string; dot: string; text: string }> = {
  connecting: { label: "Connecting…", dot: "bg-amber-400 animate-pulse", text: "text-amber-200" },
  live: { label: "Live feed", dot: "bg-emerald-400", text: "text-emerald-200" },
  reconnecting: { label: "Reconnecting…", dot: "bg-rose-400 animate-pulse", text: "text-rose-200" },
};

function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const style = CONNECTION[status];
  return (
    <span
      data-testid="radar-connection"
      data-state={status}
      role="status"
      className={`inline-flex items-center gap-2 rounded-full border border-slate-700/80 bg-slate-900/80 px-3 py-1 text-sm font-medium ${style.text}`}
    >
      <span className={`h-2.5 w-2.5 rounded-full ${style.dot}`} />
      {style.label}
    </span>
  );
}

function OnAir({ live, startedAt }: { live: boolean; startedAt: string | null }) {
  return (
    <span
      data-testid="radar-broadcast"
      data-live={live ? "true" : "false"}
      className={`inline-flex items-center gap-2 rounded-full px-3 py-1 text-sm font-bold tracking-wide ${
        live ? "bg-rose-600 text-white shadow-lg shadow-rose-900/50" : "border border-slate-700 text-slate-400"
      }`}
    >
      {live ? <span className="h-2 w-2 animate-live-pulse rounded-full bg-white" /> : null}
      {live ? "ON AIR" : "OFF AIR"}
      {live && startedAt ? (
        <SessionClock startedAt={startedAt} testId="radar-elapsed" className="font-mono font-medium tabular-nums" />
      ) : null}
    </span>
  );
}

function Panel({
  title,
  aside,
  children,
  className = "",
  testId,
}: {
  title: string;
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section data-testid={testId} className={`flex min-h-0 min-w-0 flex-col ${className}`}>
      <header className="mb-2 flex items-baseline justify-between gap-2">
        <h2 className="text-xs font-bold tracking-[0.2em] text-slate-400 uppercase">{title}</h2>
        {aside}
      </header>
      {children}
    </section>
  );
}

function useFullscreen(target: RefObject<HTMLElement | null>) {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const update = () => setActive(document.fullscreenElement === target.current && target.current !== null);
    document.addEventListener("fullscreenchange", update);
    return () => document.removeEventListener("fullscreenchange", update);
  }, [target]);
  const supported = typeof document !== "undefined" && document.fullscreenEnabled === true;
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void target.current?.requestFullscreen();
  };
  return { active, supported, toggle };
}

/** Someone's card for the spotlight: as they are in the room now, else as they arrived. */
function findArrival(present: PresentCard[], arrivals: Arrival[], personId: number): Arrival | undefined {
  const here = present.find((person) => person.personId === personId);
  if (here) return { card: here, at: here.enteredAt, eventId: -1, reason: "present", receivedAt: 0 };
  const arrival = arrivals.find((item) => item.card.personId === personId);
  return arrival ? { ...arrival, eventId: -1 } : undefined;
}

/** The owner's second screen during a show: who walks in, what happens, who is here. */
export function RadarPage() {
  const radar = useRadarStream();
  const now = useNow(1000);
  // The header's LIVE clock and ON AIR here read the same session: when the stream sees a
  // broadcast start or stop, that session is asked for again.
  const { session } = useCurrentSession();
  const queryClient = useQueryClient();
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: keys.currentSession });
  }, [queryClient, radar.live, radar.since]);
  const container = useRef<HTMLDivElement>(null);
  const fullscreen = useFullscreen(container);
  // A person picked from the room list stays in the spotlight until the next arrival.
  const [picked, setPicked] = useState<{ personId: number; latest: number | undefined } | null>(null);

  const latest = radar.arrivals[0]?.eventId;
  const pickedArrival =
    picked && picked.latest === latest ? findArrival(radar.present, radar.arrivals, picked.personId) : undefined;
  const spotlight = pickedArrival ?? spotlightArrival(radar.arrivals, now.getTime());
  const pick = (personId: number) => setPicked({ personId, latest });
  const earlier = radar.arrivals.filter((arrival) => arrival.card.personId !== spotlight?.card.personId);
  const tipsInFeed = radar.feed.filter((event) => event.type === "TIP");
  const tokensInFeed = tipsInFeed.reduce((sum, event) => sum + (event.tokens ?? 0), 0);

  const columnHeight = fullscreen.active ? "xl:h-[calc(100vh-6rem)]" : "xl:h-[calc(100vh-13rem)]";

  return (
    <div
      ref={container}
      data-testid="radar-page"
      className={fullscreen.active ? "overflow-auto bg-slate-950 p-4 sm:p-6" : ""}
    >
      <header className="mb-4 flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-2xl font-bold tracking-tight text-white">Radar</h1>
        <OnAir live={radar.live} startedAt={session?.status === "LIVE" ? session.startedAt : null} />
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-400">
          <span>
            <span data-testid="radar-present-count" className="text-lg font-semibold text-white tabular-nums">
              {formatNumber(radar.present.length)}
            </span>{" "}
            in the room
          </span>
          <span title="Tips among the events on screen">
            <span className="text-lg font-semibold text-emerald-300 tabular-nums">{formatNumber(tokensInFeed)}</span> tk in{" "}
            {plural(tipsInFeed.length, "tip")} on screen
          </span>
        </div>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <AlertToggles compact />
          <ConnectionIndicator status={radar.connection} />
          {fullscreen.supported ? (
            <button type="button" data-testid="radar-fullscreen" className="btn-ghost btn-sm" onClick={fullscreen.toggle}>
              {fullscreen.active ? "Exit full screen" : "Full screen"}
            </button>
          ) : null}
        </div>
      </header>

      <div className="grid grid-cols-1 gap-5 lg:grid-cols-2 xl:grid-cols-[minmax(0,5fr)_minmax(0,5fr)_minmax(15rem,3fr)]">
        <Panel title="Arrivals" testId="radar-arrivals" className={`${columnHeight} xl:overflow-y-auto xl:pr-1`}>
          {spotlight ? (
            <div className="space-y-3">
              <RadarCard
                key={`${spotlight.card.personId}-${spotlight.eventId}`}
                card={spotlight.card}
                at={spotlight.at}
                reason={spotlight.reason}
                now={now}
                onDismiss={pickedArrival ? () => setPicked(null) : undefined}
              />
              {earlier.length > 0 ? (
                <div>
                  <p className="mb-2 text-xs font-semibold tracking-wider text-slate-500 uppercase">Earlier</p>
                  {/* A swipeable strip on phones, so the feed stays close to the top. */}
                  <div className="-mx-4 flex snap-x gap-2 overflow-x-auto px-4 pb-1 lg:mx-0 lg:block lg:space-y-2 lg:overflow-visible lg:px-0">
                    {earlier.map((arrival) => (
                      <RadarMiniCard
                        key={`${arrival.card.personId}-${arrival.eventId}`}
                        card={arrival.card}
                        at={arrival.at}
                        reason={arrival.reason}
                        now={now}
                        onSelect={() => pick(arrival.card.personId)}
                      />
                    ))}
                  </div>
                </div>
              ) : null}
            </div>
          ) : (
            <div className="rounded-2xl border border-dashed border-slate-800 px-6 py-12 text-center">
              <p className="text-lg font-medium text-slate-300">Nobody has walked in yet</p>
              <p className="mt-1 text-sm text-slate-500">
                The moment someone enters, their card appears here: tips in this room, visits, Statbate spending, notes and tags.
              </p>
            </div>
          )}
        </Panel>

        <Panel
          title="Live feed"
          testId="radar-feed-panel"
          className={`max-h-[75vh] lg:max-h-[calc(100vh-13rem)] xl:max-h-none ${columnHeight}`}
          aside={<span className="text-xs text-slate-500">latest {formatNumber(radar.feed.length)}</span>}
        >
          <RadarFeed events={radar.feed} />
        </Panel>

        <Panel
          title="Who's in the room"
          testId="radar-present"
          className={`max-h-[60vh] lg:col-span-2 xl:col-span-1 xl:max-h-none ${columnHeight}`}
          aside={<span className="text-xs text-slate-500 tabular-nums">{formatNumber(radar.present.length)}</span>}
        >
          <RoomCoverage known={radar.present.length} counts={radar.counts} now={now} />
          <RadarPresence
            present={radar.present}
            live={radar.live}
            now={now}
            selected={pickedArrival?.card.personId ?? null}
            onSelect={pick}
          />
          <RadarLegend />
        </Panel>
      </div>
    </div>
  );
}
