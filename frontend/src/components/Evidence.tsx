import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { Link } from "react-router";

import { interactionQuery, snapshotQuery } from "../api/queries";
import type { Evidence, EvidenceSet, Snapshot } from "../api/types";
import { flattenMetrics, formatMetricValue, metricLabel, sourceDetailLabel, sourceLabel } from "../lib/format";
import { QueryState } from "./Feedback";
import { interactionSummary, InteractionTypeBadge } from "./InteractionRow";
import { TimeText } from "./TimeText";

const CHIP =
  "inline-flex items-center gap-1 rounded-md border border-slate-700/80 bg-slate-950/60 px-1.5 py-0.5 font-mono text-[11px] text-indigo-200 hover:border-indigo-500/70 hover:text-white";

const POPOVER_WIDTH = 288;
const POPOVER_ROOM = 240;

// The person page reads these back: ?tab=interactions&highlight= and ?tab=timeline&snapshot=.
function interactionHref(personId: number, interactionId: number): string {
  return `/person/${personId}?tab=interactions&highlight=${interactionId}`;
}

function snapshotHref(personId: number, snapshotId: number): string {
  return `/person/${personId}?tab=timeline&snapshot=${snapshotId}`;
}

/** Where a piece of evidence is shown on its person's page; null for manual evidence. */
export function evidenceHref(evidence: Evidence, personId: number): string | null {
  if (evidence.type === "interaction") return interactionHref(personId, evidence.id);
  if (evidence.type === "snapshot") return snapshotHref(personId, evidence.id);
  return null;
}

function evidenceLabel(evidence: Evidence): string {
  return evidence.type === "snapshot" ? `snapshot #${evidence.id}` : `#${evidence.id}`;
}

function evidenceTitle(evidence: Evidence): string {
  const what = evidence.type === "snapshot" ? "Snapshot" : evidence.type === "interaction" ? "Interaction" : "Manual entry";
  return `${what} ${evidence.id} (${sourceLabel(evidence.source)})`;
}

function InteractionPreview({ id }: { id: number }) {
  const query = useQuery(interactionQuery(id));
  return (
    <QueryState query={query} compact retry={false}>
      {(interaction) => (
        <div className="space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <InteractionTypeBadge type={interaction.type} />
            <span className="font-medium text-slate-100">{interaction.username}</span>
            <TimeText iso={interaction.occurredAt} mode="absolute" className="text-xs text-slate-500" />
          </div>
          <p className="text-sm break-words text-slate-300">{interactionSummary(interaction) || "—"}</p>
          <Link className="link text-xs" to={interactionHref(interaction.personId, id)}>
            Open in {interaction.username}’s interactions →
          </Link>
        </div>
      )}
    </QueryState>
  );
}

function SnapshotPreview({ id }: { id: number }) {
  const query = useQuery(snapshotQuery(id));
  return (
    <QueryState query={query} compact retry={false}>
      {(snapshot) => <SnapshotSummary id={id} snapshot={snapshot} />}
    </QueryState>
  );
}

function SnapshotSummary({ id, snapshot }: { id: number; snapshot: Snapshot }) {
  const rows = flattenMetrics(snapshot.normalizedMetrics).slice(0, 6);
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-400">
        {sourceDetailLabel(snapshot.source)} · captured <TimeText iso={snapshot.capturedAt} mode="absolute" />
      </p>
      <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-0.5 text-xs">
        {rows.map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="truncate text-slate-400">{metricLabel(key)}</dt>
            <dd className="text-right text-slate-100 tabular-nums">{formatMetricValue(value, key)}</dd>
          </div>
        ))}
      </dl>
      <Link className="link text-xs" to={snapshotHref(snapshot.personId, id)}>
        Open the stats timeline →
      </Link>
    </div>
  );
}

/** A chip that opens a small preview of evidence whose person the caller does not know. */
function EvidencePopover({ evidence }: { evidence: Evidence }) {
  // Fixed to the viewport from document.body: scrolling tables would clip it.
  const [position, setPosition] = useState<{ top?: number; bottom?: number; left: number } | null>(null);
  const box = useRef<HTMLSpanElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  const open = position !== null;
  useEffect(() => {
    if (!open) return undefined;
    const close = (event: Event) => {
      const target = event.target instanceof Node ? event.target : null;
      const inside = target !== null && (box.current?.contains(target) || popover.current?.contains(target));
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !inside) setPosition(null);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    window.addEventListener("scroll", close, true);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
      window.removeEventListener("scroll", close, true);
    };
  }, [open]);
  const toggle = (button: HTMLElement) => {
    if (open) return setPosition(null);
    const rect = button.getBoundingClientRect();
    const width = Math.min(POPOVER_WIDTH, window.innerWidth - 16);
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
    // Open upwards when the space below the chip is too short for a preview.
    const below = window.innerHeight - rect.bottom >= POPOVER_ROOM || rect.top < POPOVER_ROOM;
    setPosition(below ? { top: rect.bottom + 4, left } : { bottom: window.innerHeight - rect.top + 4, left });
  };
  return (
    <span ref={box} className="relative inline-block">
      <button
        type="button"
        data-testid="evidence-link"
        data-evidence-type={evidence.type}
        data-evidence-id={evidence.id}
        aria-expanded={open}
        title={evidenceTitle(evidence)}
        className={`${CHIP} cursor-pointer`}
        onClick={(event) => toggle(event.currentTarget)}
      >
        {evidenceLabel(evidence)}
      </button>
      {position
        ? createPortal(
            <div
              ref={popover}
              role="dialog"
              aria-label={evidenceTitle(evidence)}
              data-testid="evidence-popover"
              style={{ ...position, width: Math.min(POPOVER_WIDTH, window.innerWidth - 16) }}
              className="fixed z-40 rounded-lg border border-slate-700 bg-slate-900 p-3 text-left text-sm shadow-xl shadow-black/40"
            >
              {evidence.type === "snapshot" ? <SnapshotPreview id={evidence.id} /> : <InteractionPreview id={evidence.id} />}
            </div>,
            document.body,
          )
        : null}
    </span>
  );
}

/** One piece of evidence: a link to it when its person is known, else a preview popover. */
export function EvidenceLink({ evidence, personId }: { evidence: Evidence; personId?: number | undefined }) {
  if (evidence.type === "manual") {
    return (
      <span data-testid="evidence-manual" title={evidenceTitle(evidence)} className={`${CHIP} text-slate-400 hover:text-slate-400`}>
        manual
      </span>
    );
  }
  if (personId === undefined) return <EvidencePopover evidence={evidence} />;
  return (
    <Link
      to={evidenceHref(evidence, personId) ?? `/person/${personId}`}
      data-testid="evidence-link"
      data-evidence-type={evidence.type}
      data-evidence-id={evidence.id}
      title={evidenceTitle(evidence)}
      className={CHIP}
    >
      {evidenceLabel(evidence)}
    </Link>
  );
}

/** The evidence behind an insight: the first few as links, the rest on request. */
export function EvidenceLinks({
  evidence,
  personId,
  initial = 6,
}: {
  evidence: EvidenceSet;
  personId?: number | undefined;
  initial?: number;
}) {
  const [all, setAll] = useState(false);
  if (evidence.items.length === 0) return null;
  const shown = all ? evidence.items : evidence.items.slice(0, initial);
  const hidden = evidence.items.length - shown.length;
  return (
    <div data-testid="evidence" className="flex flex-wrap items-center gap-1">
      <span className="mr-0.5 text-[11px] text-slate-500">
        Evidence{evidence.total > evidence.items.length ? ` (${evidence.items.length} of ${evidence.total})` : ""}:
      </span>
      {shown.map((item) => (
        <EvidenceLink key={`${item.type}-${item.id}`} evidence={item} personId={personId} />
      ))}
      {hidden > 0 ? (
        <button type="button" className="link cursor-pointer text-[11px]" onClick={() => setAll(true)}>
          +{hidden} more
        </button>
      ) : null}
    </div>
  );
}
