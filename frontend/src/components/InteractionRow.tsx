import type { Interaction } from "../api/types";
import { interactionTypeLabel, plural, tipTokens } from "../lib/format";
import { Badge } from "./Badge";
import { TimeText } from "./TimeText";

const TYPE_TONES: Record<string, "emerald" | "violet" | "sky" | "amber" | "rose" | "slate" | "indigo"> = {
  TIP: "emerald",
  MEDIA_PURCHASE: "emerald",
  FANCLUB_JOIN: "violet",
  FOLLOW: "sky",
  UNFOLLOW: "rose",
  CHAT_MESSAGE: "indigo",
  PRIVATE_MESSAGE: "violet",
  BROADCAST_START: "amber",
  BROADCAST_STOP: "amber",
};

export function InteractionTypeBadge({ type }: { type: string }) {
  return <Badge tone={TYPE_TONES[type] ?? "slate"}>{interactionTypeLabel(type)}</Badge>;
}

/** What an interaction said or was worth, in one line. */
export function interactionSummary(interaction: Interaction): string {
  // Raw events come from outside: tolerate a payload without metadata rather than crash.
  const metadata = interaction.metadata ?? {};
  const tokens = tipTokens(metadata);
  const message = interaction.content ?? (typeof metadata["message"] === "string" ? metadata["message"] : "");
  if (tokens !== null) {
    const anon = metadata["isAnon"] === true ? " (anonymous)" : "";
    return `${plural(tokens, "token")}${anon}${message ? ` — “${message}”` : ""}`;
  }
  return message || "";
}

/** One line of a compact interaction feed. */
export function InteractionLine({
  interaction,
  username,
}: {
  interaction: Interaction;
  username?: string;
}) {
  const summary = interactionSummary(interaction);
  return (
    <li data-testid="interaction-line" className="flex items-start gap-2 py-1.5 text-sm">
      <InteractionTypeBadge type={interaction.type} />
      <div className="min-w-0 flex-1">
        {/* A space, not a margin: the line may break between the name and the summary. */}
        {username ? (
          <>
            <span className="font-medium text-slate-200">{username}</span>{" "}
          </>
        ) : null}
        <span className="break-words text-slate-300">{summary}</span>
      </div>
      <TimeText iso={interaction.occurredAt} className="shrink-0 text-xs text-slate-500" />
    </li>
  );
}
