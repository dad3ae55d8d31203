import { useQuery } from "@tanstack/react-query";

import { watchlistsQuery } from "../api/queries";
import type { WatchlistSummary } from "../api/types";
import { PageHeader } from "../components/Card";
import { EmptyState, QueryState } from "../components/Feedback";
import { useSearchState } from "../hooks/useSearchState";
import { positiveInt } from "../lib/params";
import { ListHeader } from "./watchlists/ListHeader";
import { ListSidebar } from "./watchlists/ListSidebar";
import { Members } from "./watchlists/Members";

/** The lists on the left; the one in `?list=` (else the first) with its members on the right. */
export function WatchlistsPage() {
  const [search, updateSearch] = useSearchState();
  const lists = useQuery(watchlistsQuery());
  const requested = positiveInt(search.get("list"));
  const select = (id: number | null) => updateSearch({ list: id === null ? null : String(id) });

  return (
    <QueryState query={lists} loadingLabel="Loading watchlists…">
      {(all) => <Watchlists lists={all} selected={all.find((list) => list.id === requested) ?? all[0] ?? null} onSelect={select} />}
    </QueryState>
  );
}

function Watchlists({
  lists,
  selected,
  onSelect,
}: {
  lists: WatchlistSummary[];
  selected: WatchlistSummary | null;
  onSelect: (id: number | null) => void;
}) {
  return (
    <div data-testid="watchlists-page">
      <PageHeader title="Watchlists" subtitle="Lists of people to keep an eye on." />
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-[18rem_minmax(0,1fr)]">
        <ListSidebar lists={lists} selectedId={selected?.id ?? null} onSelect={onSelect} />
        <div className="min-w-0 space-y-4">
          {selected ? (
            <>
              <ListHeader key={selected.id} list={selected} onDeleted={() => onSelect(null)} />
              <Members key={`members-${selected.id}`} list={selected} />
            </>
          ) : (
            <EmptyState title="No watchlists">Create one on the left.</EmptyState>
          )}
        </div>
      </div>
    </div>
  );
}
