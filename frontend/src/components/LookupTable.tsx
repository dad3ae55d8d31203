import { useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { Link, useNavigate } from "react-router";

import { useOpenPerson } from "../api/mutations/paste";
import { useAddWatchlistMember } from "../api/mutations/watchlists";
import { watchlistsQuery } from "../api/queries";
import type { LookupResult, NewName } from "../api/types";
import { formatNumber } from "../lib/format";
import { foundAsLabel, rankLookup, snippet, statbateAllTime } from "../lib/lookupRank";
import { Badge, ExcludedBadge } from "./Badge";
import { ErrorAlert, Spinner } from "./Feedback";
import { PersonCard } from "./PersonCard";
import { TimeText } from "./TimeText";
import { ScrollX } from "./ScrollX";

const HEAD = "px-3 py-2 font-semibold";
const CELL = "px-3 py-2 align-top";
// Columns a phone has no room for: the card holds them.
const WIDE = "hidden md:table-cell";
const WIDER = "hidden lg:table-cell";
// On a phone a row is not a table's row but a block of its own, as wide as the screen: the
// person and the row's actions on its first line, the figures (each named) or a new name's
// controls below, so nothing the owner taps is off to the side.
const PHONE_ROW = "max-md:grid max-md:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto]";
const PHONE_FIGURE = "max-md:order-1 max-md:pt-0 max-md:text-left";
const PHONE_LINE = "max-md:order-1 max-md:col-span-3 max-md:pt-0";

/** A figure's column heading, shown beside the figure on a phone, where the table has no head. */
function PhoneLabel({ children }: { children: string }) {
  return <span className="block text-xs text-slate-400 md:hidden">{children}</span>;
}

function KnownRow({
  result,
  expanded,
  onToggle,
  roomDataRequested,
  statbateRequested,
}: {
  result: LookupResult;
  expanded: boolean;
  onToggle: () => void;
  roomDataRequested: boolean;
  statbateRequested: boolean;
}) {
  const { person, roomStats } = result;
  const note = result.notes[0];
  const allTime = statbateAllTime(result);
  return (
    <Fragment>
      <tr data-testid="lookup-row" data-username={person.username} className={`table-row ${PHONE_ROW}`}>
        <td className={`${CELL} max-md:col-span-2`}>
          <div className="flex flex-wrap items-center gap-1.5">
            <Link to={`/person/${person.id}`} className="link font-medium max-md:wrap-anywhere" data-testid="lookup-row-link">
              {person.username}
            </Link>
            {person.isExcluded ? <ExcludedBadge /> : null}
          </div>
          <div className="text-xs text-slate-400">{foundAsLabel(result.foundAs)}</div>
        </td>
        <td className={`${CELL} ${PHONE_FIGURE} text-right tabular-nums`}>
          <PhoneLabel>Tips here</PhoneLabel>
          <span data-testid="lookup-tips-here">{roomStats ? `${formatNumber(roomStats.tipsTotal)} tk` : "—"}</span>
        </td>
        <td className={`${CELL} ${PHONE_FIGURE} text-right tabular-nums max-md:col-span-2`}>
          <PhoneLabel>Statbate all-time</PhoneLabel>
          <span data-testid="lookup-all-time">{allTime === null ? "—" : `${formatNumber(allTime)} tk`}</span>
        </td>
        <td className={`${CELL} ${WIDE}`}>
          <TimeText iso={roomStats?.lastSeenInRoomAt} />
        </td>
        <td className={`${CELL} ${WIDE}`}>
          <div className="flex flex-wrap gap-1">
            {result.watchlists.length ? (
              result.watchlists.map((list) => (
                <Badge key={list.id} tone="violet">
                  {list.name}
                </Badge>
              ))
            ) : (
              <span className="text-slate-400">—</span>
            )}
          </div>
        </td>
        <td className={`${CELL} ${WIDER} max-w-56 text-slate-300`} title={note?.content}>
          {note ? snippet(note.content) : <span className="text-slate-400">—</span>}
        </td>
        <td className={`${CELL} text-right`}>
          <button
            type="button"
            data-testid="lookup-card-toggle"
            aria-expanded={expanded}
            className="btn-ghost btn-sm"
            onClick={onToggle}
          >
            {expanded ? "Hide card" : "Card"}
          </button>
        </td>
      </tr>
      {expanded ? (
        <tr className="max-md:block">
          <td colSpan={7} className="px-0 pt-1 pb-4 max-md:block sm:px-2">
            <PersonCard result={result} roomDataRequested={roomDataRequested} statbateRequested={statbateRequested} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

function NewRow({ name }: { name: NewName }) {
  const navigate = useNavigate();
  const open = useOpenPerson();
  const add = useAddWatchlistMember();
  const lists = useQuery(watchlistsQuery());
  return (
    <tr data-testid="lookup-new-row" data-username={name.username} className={`table-row ${PHONE_ROW}`}>
      <td className={`${CELL} max-md:col-span-3`}>
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="font-medium text-slate-100 max-md:wrap-anywhere">{name.username}</span>
          <Badge tone="amber" title="Never seen by the panel: nothing is stored until you open, save or list it">
            new
          </Badge>
        </div>
        <div className="text-xs text-slate-400">{foundAsLabel(name.foundAs)}</div>
      </td>
      <td colSpan={5} className={`${CELL} ${PHONE_LINE} text-xs text-slate-400`}>
        {add.isSuccess ? (
          <span data-testid="lookup-new-added">
            On {lists.data?.find((list) => list.id === add.variables.watchlistId)?.name ?? "the list"} now ·{" "}
            <Link to={`/person/${add.data.person.id}`} className="link">
              open
            </Link>
          </span>
        ) : (
          "Not in the panel yet."
        )}
        {open.error ? <ErrorAlert error={open.error} /> : null}
        {add.error ? <ErrorAlert error={add.error} /> : null}
      </td>
      <td className={`${CELL} ${PHONE_LINE} text-right`}>
        <div className="flex flex-wrap justify-end gap-1.5 max-md:justify-start">
          <button
            type="button"
            data-testid="lookup-new-open"
            className="btn-secondary btn-sm"
            disabled={open.isPending}
            onClick={() =>
              open.mutate(name.username, { onSuccess: (person) => void navigate(`/person/${person.id}`) })
            }
          >
            {open.isPending ? <Spinner className="h-3 w-3" /> : null}
            Open
          </button>
          {/* As wide before the lists load as after: a select as wide as its longest option would
              move the Open button beside it under the owner's finger. */}
          <select
            aria-label={`Add ${name.username} to a list`}
            data-testid="lookup-new-list"
            className="input w-32 py-1 text-xs"
            value=""
            disabled={add.isPending || add.isSuccess || !lists.data?.length}
            onChange={(event) => {
              const watchlistId = Number(event.target.value);
              if (watchlistId) add.mutate({ watchlistId, member: { username: name.username } });
            }}
          >
            <option value="">Add to list…</option>
            {(lists.data ?? []).map((list) => (
              <option key={list.id} value={list.id}>
                {list.name}
              </option>
            ))}
          </select>
        </div>
      </td>
    </tr>
  );
}

/**
 * A lookup's answer as one compact table, ranked by what matters at a glance (tips here,
 * Statbate all-time, last visit), with the full card of a person on demand; names the panel
 * has never seen come last, marked new, and are only stored when the owner acts on them.
 */
export function LookupTable({
  people,
  newNames,
  roomDataRequested,
  statbateRequested,
}: {
  people: readonly LookupResult[];
  newNames: readonly NewName[];
  roomDataRequested: boolean;
  statbateRequested: boolean;
}) {
  const ranked = rankLookup(people);
  // One person found (a typed name): the card is what the owner came for.
  const [open, setOpen] = useState<ReadonlySet<number>>(
    () => new Set(people.length === 1 && newNames.length === 0 ? [people[0]!.person.id] : []),
  );
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const allOpen = ranked.length > 0 && ranked.every((result) => open.has(result.person.id));
  return (
    <div className="card overflow-hidden" data-testid="lookup-table">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-800/80 px-3 py-2 text-sm text-slate-300">
        <span>
          {ranked.length} known{newNames.length ? `, ${newNames.length} new` : ""}
        </span>
        {ranked.length > 1 ? (
          <button
            type="button"
            className="btn-ghost btn-sm"
            data-testid="lookup-all-cards"
            onClick={() => setOpen(allOpen ? new Set() : new Set(ranked.map((result) => result.person.id)))}
          >
            {allOpen ? "Hide all cards" : "Show all cards"}
          </button>
        ) : null}
      </div>
      <ScrollX label="People looked up">
        <table className="w-full text-sm max-md:block">
          <thead className="table-head max-md:hidden">
            <tr>
              <th scope="col" className={HEAD}>
                Person
              </th>
              <th scope="col" className={`${HEAD} text-right`}>
                Tips here
              </th>
              <th scope="col" className={`${HEAD} text-right`}>
                Statbate all-time
              </th>
              <th scope="col" className={`${HEAD} ${WIDE}`}>
                Last visit
              </th>
              <th scope="col" className={`${HEAD} ${WIDE}`}>
                Lists
              </th>
              <th scope="col" className={`${HEAD} ${WIDER}`}>
                Note
              </th>
              <th scope="col" className={HEAD}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="max-md:block">
            {ranked.map((result) => (
              <KnownRow
                key={result.person.id}
                result={result}
                expanded={open.has(result.person.id)}
                onToggle={() => toggle(result.person.id)}
                roomDataRequested={roomDataRequested}
                statbateRequested={statbateRequested}
              />
            ))}
            {newNames.map((name) => (
              <NewRow key={name.username} name={name} />
            ))}
          </tbody>
        </table>
      </ScrollX>
    </div>
  );
}
