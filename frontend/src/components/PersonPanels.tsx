import type { ReactNode } from "react";
import { Link } from "react-router";

import type { Delta, Interaction, Note, Attribute, Person, RoomStats, Snapshot, WatchlistRef } from "../api/types";
import { formatNumber, roleLabel, sourceLabel } from "../lib/format";
import { Badge } from "./Badge";
import { Stat } from "./Card";
import { InteractionLine } from "./InteractionRow";
import { MetricsTable } from "./MetricsTable";
import { SourceTag } from "./SourceTag";
import { TimeText } from "./TimeText";
import { NeedsStatbate } from "./NeedsStatbate";

function PanelTitle({ children }: { children: string }) {
  return <h4 className="card-title mb-2">{children}</h4>;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-3 py-1 text-sm">
      <dt className="text-slate-400">{label}</dt>
      <dd className="text-right font-medium text-slate-100 tabular-nums">{children}</dd>
    </div>
  );
}

export function IdentityPanel({ person }: { person: Person }) {
  return (
    <div data-testid="identity-panel">
      <PanelTitle>Identity</PanelTitle>
      <dl className="divide-y divide-slate-800/60">
        <Field label="Username">{person.username}</Field>
        <Field label="Role">{roleLabel(person.role)}</Field>
        <Field label="Platform">{sourceLabel(person.platform)}</Field>
        <Field label="Room id (rid)">{person.rid ?? "—"}</Field>
        <Field label="Donor id (did)">{person.did ?? "—"}</Field>
        <Field label="First seen">
          <TimeText iso={person.firstSeenAt} mode="absolute" />
        </Field>
        <Field label="Last seen">
          <TimeText iso={person.lastSeenAt} />
        </Field>
        {person.aliases.length ? (
          <Field label="Aliases">
            <span data-testid="aliases">{person.aliases.join(", ")}</span>
          </Field>
        ) : null}
      </dl>
    </div>
  );
}

export function StatsPanel({
  snapshots,
  deltas,
  emptyHint,
  needsStatbate = false,
}: {
  snapshots: Snapshot[];
  deltas: Delta[];
  emptyHint?: string;
  /** Statbate is not connected: an empty panel says so instead of staying blank. */
  needsStatbate?: boolean;
}) {
  return (
    <div data-testid="stats-panel">
      <PanelTitle>Stats</PanelTitle>
      {snapshots.length === 0 && needsStatbate ? (
        <NeedsStatbate />
      ) : snapshots.length === 0 ? (
        <p className="text-sm text-slate-500">{emptyHint ?? "No snapshots captured yet."}</p>
      ) : (
        <div className="space-y-4">
          {snapshots.map((snapshot) => {
            const delta = deltas.find((item) => item.source === snapshot.source);
            return (
              <div key={snapshot.id} data-testid="snapshot" data-source={snapshot.source}>
                <div className="mb-1">
                  <SourceTag source={snapshot.source} capturedAt={snapshot.capturedAt} detailed />
                </div>
                <MetricsTable
                  metrics={snapshot.normalizedMetrics}
                  deltas={delta?.deltas ?? {}}
                />
                {delta?.olderCapturedAt ? (
                  <p className="mt-1 text-[11px] text-slate-500">
                    Δ since <TimeText iso={delta.olderCapturedAt} mode="absolute" />
                  </p>
                ) : (
                  <p className="mt-1 text-[11px] text-slate-500">First capture: no earlier one to compare.</p>
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

export function BehaviourPanel({
  roomStats,
  interactions,
  emptyHint,
}: {
  roomStats: RoomStats | null;
  interactions?: Interaction[];
  emptyHint?: string;
}) {
  return (
    <div data-testid="behaviour-panel">
      <PanelTitle>Behaviour in my room</PanelTitle>
      {roomStats ? (
        <div className="grid grid-cols-2 gap-2">
          <Stat label="Tips total" value={`${formatNumber(roomStats.tipsTotal)} tk`} testId="room-tips-total" />
          <Stat label="Tip count" value={formatNumber(roomStats.tipCount)} testId="room-tip-count" />
          <Stat label="Messages" value={formatNumber(roomStats.messages)} testId="room-messages" />
          <Stat label="Visits" value={formatNumber(roomStats.visits)} testId="room-visits" />
          <Stat label="Last tip" value={<TimeText iso={roomStats.lastTipAt} className="text-sm" />} />
          <Stat label="Last in room" value={<TimeText iso={roomStats.lastSeenInRoomAt} className="text-sm" />} />
        </div>
      ) : (
        <p className="text-sm text-slate-500">{emptyHint ?? "No activity in my room recorded."}</p>
      )}
      {interactions && interactions.length > 0 ? (
        <div className="mt-3">
          <p className="mb-1 text-xs text-slate-500">Latest interactions</p>
          <ul className="divide-y divide-slate-800/60">
            {interactions.slice(0, 5).map((interaction) => (
              <InteractionLine key={interaction.id} interaction={interaction} />
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

export function AttributeChips({ attributes }: { attributes: Attribute[] }) {
  if (attributes.length === 0) return <p className="text-sm text-slate-500">No tags.</p>;
  return (
    <div className="flex flex-wrap gap-1.5">
      {attributes.map((attribute) => (
        <Badge key={attribute.key} tone="indigo" testId="attribute-chip" title={`confidence: ${attribute.confidence}`}>
          <span className="text-indigo-300/80">{attribute.key}</span>=<span>{attribute.value}</span>
        </Badge>
      ))}
    </div>
  );
}

export function MemoryPanel({
  personId,
  notes,
  attributes,
  watchlists,
}: {
  personId: number;
  notes: Note[];
  attributes: Attribute[];
  watchlists: WatchlistRef[];
}) {
  return (
    <div data-testid="memory-panel" className="space-y-3">
      <div>
        <PanelTitle>Notes</PanelTitle>
        {notes.length === 0 ? (
          <p className="text-sm text-slate-500">No notes.</p>
        ) : (
          <ul className="space-y-1.5">
            {notes.slice(0, 3).map((note) => (
              <li key={note.id} data-testid="memory-note" className="rounded-md bg-slate-950/50 px-2.5 py-1.5 text-sm text-slate-300">
                <p className="line-clamp-3 whitespace-pre-wrap">{note.content}</p>
                <TimeText iso={note.updatedAt} className="text-[11px] text-slate-500" />
              </li>
            ))}
            {notes.length > 3 ? (
              <li>
                <Link to={`/person/${personId}?tab=notes`} className="link text-xs">
                  {notes.length - 3} more…
                </Link>
              </li>
            ) : null}
          </ul>
        )}
      </div>
      <div>
        <PanelTitle>Tags</PanelTitle>
        <AttributeChips attributes={attributes} />
      </div>
      <div>
        <PanelTitle>Watchlists</PanelTitle>
        {watchlists.length === 0 ? (
          <p className="text-sm text-slate-500">On no watchlist.</p>
        ) : (
          <div className="flex flex-wrap gap-1.5">
            {watchlists.map((list) => (
              <Link key={list.id} to={`/watchlists?list=${list.id}`}>
                <Badge tone="violet" testId="watchlist-chip">
                  {list.name}
                </Badge>
              </Link>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
