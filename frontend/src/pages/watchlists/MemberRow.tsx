import type { Delta, WatchlistMember } from "../../api/types";
import { ExcludedBadge, RoleBadge } from "../../components/Badge";
import { DeltaValue } from "../../components/DeltaValue";
import { PersonLink } from "../../components/PersonLink";
import { SourceTag } from "../../components/SourceTag";
import { TimeText } from "../../components/TimeText";
import { metricLabel } from "../../lib/format";

function OnlineDot({ online }: { online: boolean | null }) {
  const label = online === null ? "Unknown" : online ? "Online" : "Offline";
  const color = online === null ? "bg-slate-600" : online ? "bg-emerald-400" : "bg-slate-500";
  return (
    <span data-testid="member-online" data-online={String(online)} className="inline-flex items-center gap-1.5 text-xs text-slate-400">
      <span className={`h-2 w-2 rounded-full ${color} ${online ? "shadow-[0_0_6px] shadow-emerald-400" : ""}`} />
      {label}
    </span>
  );
}

/** What changed at the member's last snapshot: up to three metrics, with the snapshot's source. */
function DeltaSummary({ delta }: { delta: Delta | null }) {
  if (!delta) return <span className="text-xs text-slate-500">No snapshots</span>;
  const changes = Object.entries(delta.deltas).filter(([, value]) => value !== null && value !== 0);
  return (
    <div className="space-y-0.5">
      {changes.length === 0 ? (
        <span className="text-xs text-slate-500">{delta.olderCapturedAt ? "No change" : "First capture"}</span>
      ) : (
        changes.slice(0, 3).map(([key, value]) => (
          <div key={key} className="flex items-center gap-2 text-xs">
            <span className="text-slate-400">{metricLabel(key)}</span>
            <DeltaValue value={value} />
          </div>
        ))
      )}
      <SourceTag source={delta.source} capturedAt={delta.newerCapturedAt} />
    </div>
  );
}

/** One member of a list: who, online or not, last snapshot change, last interaction, since when. */
export function MemberRow({
  member,
  removing,
  onRemove,
}: {
  member: WatchlistMember;
  removing: boolean;
  onRemove: () => void;
}) {
  return (
    <tr data-testid="watchlist-member" data-username={member.person.username} className="table-row align-top">
      <td className="px-4 py-2.5">
        <div className="flex flex-wrap items-center gap-1.5">
          <PersonLink id={member.person.id} username={member.person.username} />
          <RoleBadge role={member.person.role} />
          {member.person.isExcluded ? <ExcludedBadge /> : null}
        </div>
      </td>
      <td className="px-4 py-2.5">
        <OnlineDot online={member.online} />
      </td>
      <td className="hidden px-4 py-2.5 md:table-cell">
        <DeltaSummary delta={member.lastDelta} />
      </td>
      <td className="hidden px-4 py-2.5 text-slate-400 sm:table-cell">
        <TimeText iso={member.lastInteractionAt} />
      </td>
      <td className="hidden px-4 py-2.5 text-slate-400 lg:table-cell">
        <TimeText iso={member.addedAt} />
      </td>
      <td className="px-4 py-2.5 text-right">
        <button
          type="button"
          data-testid="watchlist-member-remove"
          aria-label={`Remove ${member.person.username}`}
          className="btn-ghost btn-sm text-rose-300 hover:text-rose-200"
          disabled={removing}
          onClick={onRemove}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}
