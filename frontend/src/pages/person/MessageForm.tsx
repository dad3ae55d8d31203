import { useState, type FormEvent } from "react";

import { useAddPersonMessage } from "../../api/mutations/communications";
import { Card } from "../../components/Card";
import { ErrorAlert, Spinner } from "../../components/Feedback";
import { clearedIfSent } from "../../lib/forms";

type Thread = "pm" | "dm";

function Choice<T extends string>({
  name,
  value,
  options,
  onChange,
}: {
  name: string;
  value: T;
  options: readonly { id: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <div className="flex flex-wrap gap-1.5">
      {options.map((option) => (
        <label
          key={option.id}
          className={`btn-secondary btn-sm cursor-pointer ${value === option.id ? "border-indigo-500 bg-indigo-950/70 text-white" : ""}`}
        >
          <input
            type="radio"
            name={name}
            value={option.id}
            data-testid={`${name}-${option.id}`}
            className="sr-only"
            checked={value === option.id}
            onChange={() => onChange(option.id)}
          />
          {option.label}
        </label>
      ))}
    </div>
  );
}

/** A PM or DM the owner records by hand: from them or from me, the text, and when (now). */
export function MessageForm({ personId, username }: { personId: number; username: string }) {
  const [thread, setThread] = useState<Thread>("pm");
  const [from, setFrom] = useState<"them" | "me">("them");
  const [text, setText] = useState("");
  const [when, setWhen] = useState("");
  const add = useAddPersonMessage(personId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    const occurredAt = when ? new Date(when).toISOString() : undefined;
    add.mutate(
      { thread, fromOwner: from === "me", text, ...(occurredAt ? { occurredAt } : {}) },
      {
        onSuccess: () => {
          setText(clearedIfSent(text));
          setWhen(clearedIfSent(when));
        },
      },
    );
  };

  return (
    <Card title="Add a PM or DM" testId="message-form">
      <form onSubmit={submit} className="space-y-3" noValidate>
        <Choice
          name="message-thread"
          value={thread}
          onChange={setThread}
          options={[
            { id: "pm", label: "PM" },
            { id: "dm", label: "DM" },
          ]}
        />
        <Choice
          name="message-from"
          value={from}
          onChange={setFrom}
          options={[
            { id: "them", label: `From ${username}` },
            { id: "me", label: "From me" },
          ]}
        />
        <div>
          <label htmlFor="message-text" className="label">
            Message
          </label>
          <textarea
            id="message-text"
            data-testid="message-text"
            className="input min-h-20"
            maxLength={4000}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor="message-time" className="label">
            When
          </label>
          <input
            id="message-time"
            type="datetime-local"
            data-testid="message-time"
            className="input"
            value={when}
            onChange={(event) => setWhen(event.target.value)}
          />
          <p className="mt-1 text-xs text-slate-400">Empty: now.</p>
        </div>
        <button type="submit" data-testid="message-add" className="btn-primary btn-sm" disabled={!text.trim() || add.isPending}>
          {add.isPending ? <Spinner className="h-3 w-3" /> : null}
          Add message
        </button>
        {add.error ? <ErrorAlert error={add.error} /> : null}
      </form>
    </Card>
  );
}
