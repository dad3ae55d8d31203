import { useQuery } from "@tanstack/react-query";
import { type ComponentProps, useEffect } from "react";
import { Link, useParams } from "react-router";

import { ApiError } from "../api/client";
import { exportPersonUrl, getPerson } from "../api/endpoints";
import { keys } from "../api/keys";
import type { PersonDetail } from "../api/types";
import { ExcludedBadge, RoleBadge } from "../components/Badge";
import { ExportLinks } from "../components/ExportLinks";
import { ForgetPerson } from "../components/ForgetPerson";
import { EmptyState, Loading, QueryState } from "../components/Feedback";
import { Initials } from "../components/Initials";
import { Tabs, type TabItem } from "../components/Tabs";
import { TimeText } from "../components/TimeText";
import { WatchlistMembership } from "../components/WatchlistMembership";
import { preloadModule, useModule } from "../hooks/useModule";
import { useSearchState } from "../hooks/useSearchState";
import { positiveInt } from "../lib/params";
import { AnalysisTab } from "./person/AnalysisTab";
import { AttributesTab } from "./person/AttributesTab";
import { CommunicationsTab } from "./person/CommunicationsTab";
import { InteractionsTab } from "./person/InteractionsTab";
import { NotesTab } from "./person/NotesTab";
import { OverviewTab } from "./person/OverviewTab";
import type { TimelineTab } from "./person/TimelineTab";

// The chart library is the heaviest dependency: load it only when the timeline is opened.
const loadTimeline = () => import("./person/TimelineTab");

function Timeline(props: ComponentProps<typeof TimelineTab>) {
  const timeline = useModule(loadTimeline);
  return timeline ? <timeline.TimelineTab {...props} /> : <Loading label="Loading chart…" />;
}

type TabId = "overview" | "analysis" | "timeline" | "interactions" | "communications" | "notes" | "attributes";
const TAB_IDS: readonly TabId[] = ["overview", "analysis", "timeline", "interactions", "communications", "notes", "attributes"];

function isTabId(value: string | null): value is TabId {
  return value !== null && (TAB_IDS as readonly string[]).includes(value);
}

function personTabs(detail: PersonDetail): readonly TabItem<TabId>[] {
  return [
    { id: "overview", label: "Overview" },
    { id: "analysis", label: "Analysis" },
    { id: "timeline", label: "Stats Timeline" },
    { id: "interactions", label: "Interactions" },
    { id: "communications", label: "Communications" },
    { id: "notes", label: "Notes", count: detail.notes.length },
    { id: "attributes", label: "Attributes", count: detail.attributes.length },
  ];
}

function PersonHeader({ detail }: { detail: PersonDetail }) {
  const { person } = detail;
  return (
    <div className="card mb-6 grid grid-cols-1 gap-5 p-4 sm:p-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="flex min-w-0 items-start gap-4">
        <Initials username={person.username} className="h-14 w-14 rounded-xl text-lg shadow-lg shadow-indigo-950" />
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 data-testid="person-username" className="truncate text-2xl font-semibold tracking-tight text-white">
              {person.username}
            </h1>
            <RoleBadge role={person.role} />
            {person.isExcluded ? <ExcludedBadge /> : null}
          </div>
          {person.aliases.length ? (
            <p className="mt-0.5 text-sm text-slate-400">aka {person.aliases.join(", ")}</p>
          ) : null}
          <p className="mt-1.5 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
            <span>
              first seen <TimeText iso={person.firstSeenAt} mode="absolute" className="text-slate-300" />
            </span>
            <span>
              last seen <TimeText iso={person.lastSeenAt} className="text-slate-300" />
            </span>
            {person.rid !== null ? <span>rid <span className="text-slate-300">{person.rid}</span></span> : null}
            {person.did !== null ? <span>did <span className="text-slate-300">{person.did}</span></span> : null}
          </p>
          <div className="mt-3">
            <ExportLinks label="Export" urlFor={(format) => exportPersonUrl(person.id, format)} testId="person-export" />
          </div>
          <ForgetPerson personId={person.id} username={person.username} />
        </div>
      </div>
      <div>
        <h2 className="card-title mb-2">Watchlists</h2>
        <WatchlistMembership personId={person.id} watchlists={detail.watchlists} />
      </div>
    </div>
  );
}

/** An address that names nobody: nothing to retry, only a way back. */
function NoSuchPerson({ children }: { children: string }) {
  return (
    <div data-testid="person-not-found" className="py-10">
      <EmptyState title="No such person">
        {children}{" "}
        <Link to="/people" className="link">
          Find someone in People
        </Link>
      </EmptyState>
    </div>
  );
}

export function PersonPage() {
  const id = positiveInt(useParams()["id"]);
  if (id === null) return <NoSuchPerson>The address has no valid person id.</NoSuchPerson>;
  return <PersonView id={id} />;
}

function PersonView({ id }: { id: number }) {
  const [search, updateSearch] = useSearchState();
  const tabParam = search.get("tab");
  const tab: TabId = isTabId(tabParam) ? tabParam : "overview";
  // Evidence links point at one interaction or snapshot: ?highlight= and ?snapshot=.
  const highlight = positiveInt(search.get("highlight"));
  const snapshot = positiveInt(search.get("snapshot"));

  const detail = useQuery({ queryKey: keys.person(id), queryFn: () => getPerson(id) });
  // The chart's file is asked for beside the person, not once the person has arrived.
  useEffect(() => {
    if (tab === "timeline") preloadModule(loadTimeline);
  }, [tab]);

  const selectTab = (next: TabId) =>
    updateSearch({ highlight: null, snapshot: null, tab: next === "overview" ? null : next });

  if (detail.error instanceof ApiError && detail.error.status === 404) {
    return <NoSuchPerson>Nobody in the panel has this id: they may have been forgotten.</NoSuchPerson>;
  }
  return (
    <QueryState
      query={detail}
      loadingLabel="Loading person…"
      errorFooter={
        <Link to="/people" className="link text-sm">
          ← All people
        </Link>
      }
    >
      {(data) => (
        <div data-testid="person-page" data-person-id={id}>
          <PersonHeader detail={data} />
          <Tabs tabs={personTabs(data)} selected={tab} onSelect={selectTab} />
          <div className="pt-5" role="tabpanel">
            {tab === "overview" ? <OverviewTab detail={data} onOpenTab={selectTab} /> : null}
            {tab === "analysis" ? <AnalysisTab personId={id} /> : null}
            {tab === "timeline" ? (
              <Timeline personId={id} highlightSnapshotId={snapshot} onClearHighlight={() => selectTab("timeline")} />
            ) : null}
            {tab === "interactions" ? (
              <InteractionsTab personId={id} highlightId={highlight} onClearHighlight={() => selectTab("interactions")} />
            ) : null}
            {tab === "communications" ? <CommunicationsTab personId={id} username={data.person.username} /> : null}
            {tab === "notes" ? <NotesTab personId={id} notes={data.notes} /> : null}
            {tab === "attributes" ? <AttributesTab personId={id} attributes={data.attributes} /> : null}
          </div>
        </div>
      )}
    </QueryState>
  );
}
