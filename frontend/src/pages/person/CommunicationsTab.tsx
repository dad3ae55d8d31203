import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { getCommunications } from "../../api/endpoints";
import { keys } from "../../api/keys";
import type { Communications, ThreadMessage, TipMenuSeen } from "../../api/types";
import { Card } from "../../components/Card";
import { EmptyState, QueryState } from "../../components/Feedback";
import { TimeText } from "../../components/TimeText";
import { formatNumber, sourceLabel } from "../../lib/format";
import { MessageForm } from "./MessageForm";

type ThreadId = "pm" | "dm" | "public" | "tips";

const THREADS: readonly { id: ThreadId; label: string; empty: string }[] = [
  { id: "pm", label: "PM", empty: "No private messages recorded." },
  { id: "dm", label: "DM", empty: "No direct messages recorded." },
  { id: "public", label: "Public chat", empty: "Nothing said in public chat recorded." },
  { id: "tips", label: "Tips", empty: "No tips recorded." },
];

/** One message as a chat bubble: theirs on the left, the owner's on the right. */
function Bubble({ message, username }: { message: ThreadMessage; username: string }) {
  const mine = message.fromOwner;
  return (
    <li
      data-testid="thread-message"
      data-from-owner={mine}
      className={`flex ${mine ? "justify-end" : "justify-start"}`}
    >
      <div
        className={`max-w-[85%] rounded-2xl px-3 py-2 text-sm sm:max-w-[70%] ${
          mine
            ? "rounded-br-sm bg-indigo-600/80 text-white"
            : "rounded-bl-sm border border-slate-700/80 bg-slate-800/80 text-slate-100"
        }`}
      >
        <p className="text-[11px] font-medium opacity-80">{mine ? "You" : username}</p>
        <p className="break-words whitespace-pre-wrap">{message.content ?? "—"}</p>
        <p className={`mt-1 text-[11px] ${mine ? "text-indigo-100" : "text-slate-400"}`}>
          <TimeText iso={message.occurredAt} mode="absolute" /> · {sourceLabel(message.source)}
        </p>
      </div>
    </li>
  );
}

function Tips({ tips }: { tips: ThreadMessage[] }) {
  return (
    <ul className="divide-y divide-slate-800/70">
      {tips.map((tip) => (
        <li key={tip.id} data-testid="thread-tip" className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm">
          <span className="font-semibold text-emerald-300 tabular-nums">
            {tip.tokens === null ? "—" : `${formatNumber(tip.tokens)} tk`}
          </span>
          <span className="min-w-0 flex-1 break-words text-slate-200">{tip.content ?? ""}</span>
          <span className="text-xs text-slate-400">
            <TimeText iso={tip.occurredAt} mode="absolute" /> · {sourceLabel(tip.source)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function TipMenu({ menu }: { menu: TipMenuSeen }) {
  return (
    <Card title="Latest tip menu seen" testId="tip-menu">
      <p className="mb-2 text-xs text-slate-400">
        <TimeText iso={menu.seenAt} mode="absolute" />
      </p>
      <ul className="space-y-1 text-sm">
        {menu.items.map((item) => (
          <li key={`${item.item}-${item.price}`} className="flex justify-between gap-3">
            <span className="text-slate-200">{item.item}</span>
            <span className="text-slate-300 tabular-nums">{formatNumber(item.price)} tk</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function firstWithMessages(data: Communications): ThreadId {
  return THREADS.find((thread) => data.totals[thread.id] > 0)?.id ?? "pm";
}

function Threads({ data, username }: { data: Communications; username: string }) {
  const [chosen, setChosen] = useState<ThreadId | null>(null);
  const thread = chosen ?? firstWithMessages(data);
  const messages = data[thread];
  const total = data.totals[thread];
  const current = THREADS.find((item) => item.id === thread)!;
  return (
    <Card testId="threads">
      <div role="tablist" aria-label="Threads" className="mb-3 flex flex-wrap gap-1.5">
        {THREADS.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            aria-selected={item.id === thread}
            data-testid={`thread-${item.id}`}
            className={`btn-secondary btn-sm ${item.id === thread ? "border-indigo-500 bg-indigo-950/70 text-white" : ""}`}
            onClick={() => setChosen(item.id)}
          >
            {item.label}
            <span className="rounded-full bg-slate-900/80 px-1.5 text-[10px] tabular-nums">{data.totals[item.id]}</span>
          </button>
        ))}
      </div>
      {messages.length === 0 ? (
        <EmptyState title={current.empty}>Paste a chat on the Lookup page to save it, or add a message here.</EmptyState>
      ) : (
        <>
          {total > messages.length ? (
            <p className="mb-2 text-xs text-slate-400">
              The newest {formatNumber(messages.length)} of {formatNumber(total)}.
            </p>
          ) : null}
          {thread === "tips" ? (
            <Tips tips={messages} />
          ) : (
            <ol data-testid="thread" data-thread={thread} className="space-y-2">
              {messages.map((message) => (
                <Bubble key={message.id} message={message} username={username} />
              ))}
            </ol>
          )}
        </>
      )}
    </Card>
  );
}

/** A person's PM, DM and public threads with the owner, tips, the latest tip menu seen of a
 * model, and a form to record a PM or DM by hand. */
export function CommunicationsTab({ personId, username }: { personId: number; username: string }) {
  const communications = useQuery({
    queryKey: keys.personCommunications(personId),
    queryFn: () => getCommunications(personId),
  });
  return (
    <div data-testid="communications-tab" className="grid grid-cols-1 gap-5 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="min-w-0">
        <QueryState query={communications} loadingLabel="Loading messages…">
          {(data) => <Threads data={data} username={username} />}
        </QueryState>
      </div>
      <div className="space-y-5">
        {communications.data?.isOwner ? (
          <p className="card p-4 text-sm text-slate-400">
            These are your own lines. A PM or DM is kept on the page of the person it is with.
          </p>
        ) : (
          <MessageForm personId={personId} username={username} />
        )}
        {communications.data?.tipMenu ? <TipMenu menu={communications.data.tipMenu} /> : null}
      </div>
    </div>
  );
}
