import type { ReactNode } from "react";

import { roleLabel } from "../lib/format";

type Tone = "slate" | "indigo" | "violet" | "emerald" | "rose" | "amber" | "sky";

const TONES: Record<Tone, string> = {
  slate: "border-slate-700 bg-slate-800/70 text-slate-300",
  indigo: "border-indigo-700/60 bg-indigo-950/60 text-indigo-200",
  violet: "border-violet-700/60 bg-violet-950/60 text-violet-200",
  emerald: "border-emerald-700/60 bg-emerald-950/60 text-emerald-300",
  rose: "border-rose-700/60 bg-rose-950/60 text-rose-300",
  amber: "border-amber-700/60 bg-amber-950/50 text-amber-200",
  sky: "border-sky-700/60 bg-sky-950/60 text-sky-200",
};

export function Badge({
  tone = "slate",
  children,
  testId,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  testId?: string;
  title?: string;
}) {
  return (
    <span
      data-testid={testId}
      title={title}
      className={`inline-flex items-center gap-1 rounded-md border px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

const ROLE_TONES: Record<string, Tone> = {
  MODEL: "violet",
  VIEWER: "sky",
  BOTH: "indigo",
  UNKNOWN: "slate",
};

export function RoleBadge({ role }: { role: string }) {
  return (
    <Badge tone={ROLE_TONES[role] ?? "slate"} testId="role-badge">
      {roleLabel(role)}
    </Badge>
  );
}

export function ExcludedBadge() {
  return (
    <Badge tone="rose" testId="excluded-badge" title="Left out of aggregates and paid lookups">
      Excluded
    </Badge>
  );
}
