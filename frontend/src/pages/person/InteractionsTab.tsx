import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { getInteractions, type InteractionFilters, type SortOrder } from "../../api/endpoints";
import { keys } from "../../api/keys";
import { interactionQuery } from "../../api/queries";
import { INTERACTION_SOURCES, INTERACTION_TYPES, type InteractionSource, type InteractionType } from "../../api/types";
import { EmptyState, noItems, QueryState, Spinner } from "../../components/Feedback";
import { InteractionLine } from "../../components/InteractionRow";
import { interactionSummary, InteractionTypeBadge } from "../../components/InteractionRow";
import { Pagination } from "../../components/Pagination";
import { TimeText } from "../../components/TimeText";
import { useSearchState, type SearchChanges } from "../../hooks/useSearchState";
import { interactionTypeLabel, sourceLabel, zonedDayStart } from "../../lib/format";
import { positiveInt } from "../../lib/params";
import { ScrollX } from "../../components/ScrollX";

const PAGE_SIZE = 25;

/** A calendar day on the owner's clock as the instant it starts at (`until` uses the next day's). */
export function dayStartIso(day: string, plusDays = 0): string | undefined {
  return zonedDayStart(day, plusDays);
}

/** The exclusive `until` that makes `occurredAt` the newest interaction listed. */
export function untilJustAfter(occurredAt: string): string | undefined {
  const time = Date.parse(occurredAt);
  // Date keeps milliseconds only: one more is past any sub-millisecond part the server stored.
  return Number.isNaN(time) ? undefined : new Date(time + 1).toISOString();
}

/** The interaction an evidence link pointed at, pinned above the list. */
function HighlightedInteraction({ id, onClear }: { id: number; onClear: () => void }) {
  const query = useQuery(interactionQuery(id));
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: "nearest" });
  }, []);
  return (
    <div ref={box} data-testid="interaction-highlight" data-interaction-id={id} className="card border-amber-500/40 bg-amber-500/5 p-4">
      <div className="mb-1 flex items-center justify-between gap-2">
        <p className="card-title text-amber-200/90">Evidence · interaction #{id}</p>
        <button type="button" data-testid="interaction-highlight-clear" className="btn-ghost btn-sm" onClick={onClear}>
          Show all
        </button>
      </div>
      <QueryState query={query} loadingLabel="Loading the interaction…" retry={false}>
        {(interaction) => (
          <>
            <ul>
              <InteractionLine interaction={interaction} />
            </ul>
            <p className="text-xs text-slate-500">
              Listed below with the interactions before it (<TimeText iso={interaction.occurredAt} mode="absolute" seconds /> and
              earlier).
            </p>
          </>
        )}
      </QueryState>
    </div>
  );
}

/** The types filter: a menu of checkboxes that stays above the table and closes on an outside click. */
function TypePicker({ selected, onChange }: { selected: InteractionType[]; onChange: (types: InteractionType[]) => void }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const toggle = (type: InteractionType) =>
    onChange(selected.includes(type) ? selected.filter((item) => item !== type) : [...selected, type]);
  useEffect(() => {
    if (!open) return undefined;
    const closeOutside = (event: PointerEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", closeOutside);
    document.addEventListener("keydown", closeOnEscape);
    return () => {
      document.removeEventListener("pointerdown", closeOutside);
      document.removeEventListener("keydown", closeOnEscape);
    };
  }, [open]);
  return (
    <div ref={box} className="relative" data-testid="interaction-type-filter" data-open={open ? "true" : "false"}>
      <button
        type="button"
        id="interaction-type"
        data-testid="interaction-type-toggle"
        className="input flex cursor-pointer items-center justify-between gap-2 text-left select-none"
        aria-expanded={open}
        aria-controls="interaction-type-menu"
        onClick={() => setOpen((value) => !value)}
      >
        <span className="truncate">
          {selected.length === 0 ? "All types" : selected.length === 1 ? interactionTypeLabel(selected[0] ?? "") : `${selected.length} types`}
        </span>
        <span aria-hidden className={`text-slate-500 ${open ? "rotate-180" : ""}`}>
          ▾
        </span>
      </button>
      {open ? (
        <div
          id="interaction-type-menu"
          role="group"
          aria-label="Interaction types"
          data-testid="interaction-type-menu"
          className="absolute z-40 mt-1 max-h-72 w-60 max-w-[calc(100vw-2rem)] overflow-y-auto rounded-lg border border-slate-700 bg-slate-900 p-2 shadow-xl"
        >
          {INTERACTION_TYPES.map((type) => (
            <label key={type} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm hover:bg-slate-800">
              <input
                type="checkbox"
                data-testid={`interaction-type-${type}`}
                className="accent-indigo-500"
                checked={selected.includes(type)}
                onChange={() => toggle(type)}
              />
              {interactionTypeLabel(type)}
            </label>
          ))}
          {selected.length ? (
            <button type="button" className="link mt-1 px-2 text-xs" onClick={() => onChange([])}>
              Clear
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function orderFrom(value: string | null): SortOrder {
  return value === "asc" ? "asc" : "desc";
}

const TYPE_SET: ReadonlySet<string> = new Set(INTERACTION_TYPES);
const SOURCE_SET: ReadonlySet<string> = new Set(INTERACTION_SOURCES);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The tab's filters, sort and page as the address bar keeps them (so Back and a link keep them). */
export function interactionViewFrom(search: URLSearchParams) {
  const types = (search.get("types") ?? "").split(",").filter((type): type is InteractionType => TYPE_SET.has(type));
  const source = search.get("source") ?? "";
  const from = search.get("from") ?? "";
  const to = search.get("to") ?? "";
  return {
    types,
    source: (SOURCE_SET.has(source) ? source : "") as InteractionSource | "",
    sinceDay: DAY.test(from) ? from : "",
    untilDay: DAY.test(to) ? to : "",
    sort: orderFrom(search.get("order")),
    offset: positiveInt(search.get("offset")) ?? 0,
  };
}

export function InteractionsTab({
  personId,
  highlightId = null,
  onClearHighlight = () => undefined,
}: {
  personId: number;
  highlightId?: number | null;
  onClearHighlight?: () => void;
}) {
  const [search, updateSearch] = useSearchState();
  const { types, source, sinceDay, untilDay, sort, offset } = interactionViewFrom(search);
  // Any change of filter or order starts again from the first page.
  const refilter = (changes: SearchChanges) => updateSearch({ ...changes, offset: null });

  const filters: InteractionFilters = {
    type: types,
    source,
    sort,
    limit: PAGE_SIZE,
    offset,
  };
  const highlighted = useQuery({ ...interactionQuery(highlightId ?? 0), enabled: highlightId !== null });
  const since = dayStartIso(sinceDay);
  const anchor = highlightId !== null && highlighted.data ? untilJustAfter(highlighted.data.occurredAt) : undefined;
  const until = dayStartIso(untilDay, 1) ?? anchor;
  if (since) filters.since = since;
  if (until) filters.until = until;

  const query = useQuery({
    queryKey: keys.personInteractions(personId, filters),
    queryFn: () => getInteractions(personId, filters),
    placeholderData: keepPreviousData,
    // Wait for the highlighted interaction's time, so the list opens where it is.
    enabled: highlightId === null || !highlighted.isPending,
  });
  const filtered = types.length > 0 || source !== "" || sinceDay !== "" || untilDay !== "";

  return (
    <div className="space-y-4">
      {highlightId !== null ? <HighlightedInteraction id={highlightId} onClear={onClearHighlight} /> : null}
      {/* Above the table's card: the type picker opens over it. */}
      <div className="card relative z-20 grid grid-cols-2 gap-3 p-4 lg:grid-cols-5">
        <div>
          <span className="label">Type</span>
          <TypePicker selected={types} onChange={(next) => refilter({ types: next.join(",") })} />
        </div>
        <div>
          <label htmlFor="interaction-source" className="label">
            Source
          </label>
          <select
            id="interaction-source"
            data-testid="interaction-source-filter"
            className="input"
            value={source}
            onChange={(event) => refilter({ source: event.target.value })}
          >
            <option value="">All sources</option>
            {INTERACTION_SOURCES.map((item) => (
              <option key={item} value={item}>
                {sourceLabel(item)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="interaction-since" className="label">
            From
          </label>
          <input id="interaction-since" data-testid="interaction-since" type="date" className="input" value={sinceDay} onChange={(event) => refilter({ from: event.target.value })} />
        </div>
        <div>
          <label htmlFor="interaction-until" className="label">
            To
          </label>
          <input id="interaction-until" data-testid="interaction-until" type="date" className="input" value={untilDay} onChange={(event) => refilter({ to: event.target.value })} />
        </div>
        <div>
          <label htmlFor="interaction-order" className="label">
            Order
          </label>
          <select
            id="interaction-order"
            data-testid="interaction-order"
            className="input"
            value={sort}
            onChange={(event) => refilter({ order: event.target.value === "asc" ? "asc" : null })}
          >
            <option value="desc">Newest first</option>
            <option value="asc">Oldest first</option>
          </select>
        </div>
      </div>

      <QueryState
        query={query}
        loadingLabel="Loading interactions…"
        isEmpty={noItems}
        empty={<EmptyState title={filtered ? "No interactions match these filters" : "No interactions recorded"} />}
      >
        {(page) => (
          <div className="card overflow-hidden">
            <ScrollX label="Interactions">
              <table data-testid="interaction-table" className="w-full text-sm">
                <thead>
                  <tr className="table-head">
                    <th className="hidden px-4 py-2.5 sm:table-cell" aria-sort={sort === "asc" ? "ascending" : "descending"}>
                      <button
                        type="button"
                        data-testid="interaction-sort"
                        className="inline-flex cursor-pointer items-center gap-1 uppercase hover:text-slate-200"
                        onClick={() => refilter({ order: sort === "asc" ? null : "asc" })}
                      >
                        Time <span aria-hidden>{sort === "asc" ? "↑" : "↓"}</span>
                      </button>
                    </th>
                    <th className="hidden px-4 py-2.5 sm:table-cell">Type</th>
                    <th className="px-4 py-2.5">Details</th>
                    <th className="hidden px-4 py-2.5 sm:table-cell">Source</th>
                    <th className="hidden px-4 py-2.5 md:table-cell">Session</th>
                  </tr>
                </thead>
                <tbody className={query.isPlaceholderData ? "opacity-60" : ""}>
                  {page.items.map((interaction) => (
                    <tr
                      key={interaction.id}
                      data-testid="interaction-row"
                      data-type={interaction.type}
                      data-highlighted={interaction.id === highlightId ? "true" : undefined}
                      className={`table-row align-top ${interaction.id === highlightId ? "bg-amber-500/10 shadow-[inset_3px_0_0] shadow-amber-400" : ""}`}
                    >
                      <td className="hidden px-4 py-2.5 whitespace-nowrap text-slate-300 sm:table-cell">
                        <TimeText iso={interaction.occurredAt} mode="absolute" seconds />
                      </td>
                      <td className="hidden px-4 py-2.5 sm:table-cell">
                        <InteractionTypeBadge type={interaction.type} />
                      </td>
                      <td className="max-w-md px-4 py-2.5 [overflow-wrap:anywhere] text-slate-200">
                        {/* On a phone the time and type lead the details instead of taking columns. */}
                        <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-slate-400 sm:hidden">
                          <InteractionTypeBadge type={interaction.type} />
                          <TimeText iso={interaction.occurredAt} mode="absolute" />
                        </div>
                        {interactionSummary(interaction) || <span className="text-slate-500">—</span>}
                      </td>
                      <td className="hidden px-4 py-2.5 text-slate-400 sm:table-cell">{sourceLabel(interaction.source)}</td>
                      <td className="hidden px-4 py-2.5 text-slate-400 md:table-cell">
                        {interaction.sessionId !== null ? `#${interaction.sessionId}` : "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollX>
            <div className="flex items-center gap-2 border-t border-slate-800 px-4 pb-3">
              <div className="flex-1">
                <Pagination
                  total={page.total}
                  limit={PAGE_SIZE}
                  offset={offset}
                  onChange={(next) => updateSearch({ offset: next ? String(next) : null }, { push: true })}
                />
              </div>
              {query.isFetching ? <Spinner className="mt-3 h-3 w-3" /> : null}
            </div>
          </div>
        )}
      </QueryState>
    </div>
  );
}
