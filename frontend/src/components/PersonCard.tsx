import { Link } from "react-router";

import type { LookupResult } from "../api/types";
import { useConnected } from "../hooks/useConnections";
import { ExcludedBadge, RoleBadge } from "./Badge";
import { Initials } from "./Initials";
import { BehaviourPanel, IdentityPanel, MemoryPanel, StatsPanel } from "./PersonPanels";

/** One person found by a lookup: identity, stats, behaviour and memory side by side. */
export function PersonCard({
  result,
  roomDataRequested,
  statbateRequested,
}: {
  result: LookupResult;
  roomDataRequested: boolean;
  statbateRequested: boolean;
}) {
  const { person } = result;
  const statbateConnected = useConnected("statbate");
  return (
    <article
      data-testid="person-card"
      data-username={person.username}
      data-person-id={person.id}
      className="card overflow-hidden"
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-800/80 bg-gradient-to-r from-indigo-950/60 via-slate-900/40 to-violet-950/40 px-4 py-3 sm:px-5">
        <Initials username={person.username} className="h-9 w-9 rounded-lg text-sm" />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <Link
              to={`/person/${person.id}`}
              data-testid="person-card-link"
              className="truncate text-lg font-semibold text-white hover:text-indigo-200 hover:underline"
            >
              {person.username}
            </Link>
            <RoleBadge role={person.role} />
            {person.isExcluded ? <ExcludedBadge /> : null}
          </div>
          {person.aliases.length ? (
            <p className="truncate text-xs text-slate-400">aka {person.aliases.join(", ")}</p>
          ) : null}
        </div>
        <Link to={`/person/${person.id}`} className="btn-secondary btn-sm">
          Open profile →
        </Link>
      </header>
      {/* What they do in the room and what the owner noted about them come before identity. */}
      <div className="grid grid-cols-1 gap-5 p-4 sm:p-5 md:grid-cols-2 xl:grid-cols-4">
        <BehaviourPanel
          roomStats={result.roomStats}
          interactions={result.interactions}
          emptyHint={
            roomDataRequested ? "No activity in my room recorded." : "Room data not requested."
          }
        />
        <MemoryPanel
          personId={person.id}
          notes={result.notes}
          attributes={result.attributes}
          watchlists={result.watchlists}
        />
        <StatsPanel
          snapshots={result.latestSnapshots}
          deltas={result.deltas}
          needsStatbate={statbateConnected === false && !person.isExcluded}
          emptyHint={
            person.isExcluded
              ? "Excluded: never sent to paid lookups."
              : statbateRequested
                ? "No snapshots captured yet."
                : "No snapshots yet. Turn on “Include Statbate” to fetch some."
          }
        />
        <IdentityPanel person={person} />
      </div>
    </article>
  );
}
