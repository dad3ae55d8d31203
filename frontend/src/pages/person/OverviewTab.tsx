import type { PersonDetail } from "../../api/types";
import { Card } from "../../components/Card";
import { AttributeChips, BehaviourPanel, IdentityPanel, StatsPanel } from "../../components/PersonPanels";
import { TimeText } from "../../components/TimeText";
import { useConnected } from "../../hooks/useConnections";
import { ChaturbateFlags } from "./ChaturbateFlags";

type OpenTab = (tab: "timeline" | "interactions" | "notes" | "attributes") => void;

export function OverviewTab({ detail, onOpenTab }: { detail: PersonDetail; onOpenTab: OpenTab }) {
  const latestNote = detail.notes[0];
  const statbateConnected = useConnected("statbate");
  return (
    <div data-testid="person-overview" className="grid grid-cols-1 gap-4 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <StatsPanel
          snapshots={detail.latestSnapshots}
          deltas={detail.deltas}
          needsStatbate={statbateConnected === false && !detail.person.isExcluded}
        />
        <button type="button" className="link mt-3 text-xs" onClick={() => onOpenTab("timeline")}>
          See the stats timeline →
        </button>
      </Card>
      <Card>
        <IdentityPanel person={detail.person} />
      </Card>
      <ChaturbateFlags personId={detail.person.id} />
      <Card className="lg:col-span-2">
        <BehaviourPanel roomStats={detail.roomStats} />
        <button type="button" className="link mt-3 text-xs" onClick={() => onOpenTab("interactions")}>
          All interactions →
        </button>
      </Card>
      <Card title="Memory">
        <div className="space-y-4">
          <div>
            <p className="mb-1 text-xs text-slate-500">Latest note</p>
            {latestNote ? (
              <div className="rounded-md bg-slate-950/50 px-3 py-2 text-sm text-slate-300">
                <p className="line-clamp-4 whitespace-pre-wrap">{latestNote.content}</p>
                <TimeText iso={latestNote.updatedAt} className="text-[11px] text-slate-500" />
              </div>
            ) : (
              <p className="text-sm text-slate-500">No notes.</p>
            )}
            <button type="button" className="link mt-1 text-xs" onClick={() => onOpenTab("notes")}>
              {detail.notes.length ? `All ${detail.notes.length} notes →` : "Add a note →"}
            </button>
          </div>
          <div>
            <p className="mb-1 text-xs text-slate-500">Tags</p>
            <AttributeChips attributes={detail.attributes} />
            <button type="button" className="link mt-1 text-xs" onClick={() => onOpenTab("attributes")}>
              Edit tags →
            </button>
          </div>
        </div>
      </Card>
    </div>
  );
}
