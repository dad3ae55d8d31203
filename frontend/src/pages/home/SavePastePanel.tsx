import { useState, type FormEvent } from "react";
import { Link } from "react-router";

import { usePreviewPaste, useSavePaste } from "../../api/mutations/paste";
import type { PasteKind, PastePreview, PasteRequest, PasteSaved } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { ErrorAlert, Spinner } from "../../components/Feedback";
import { TimeText } from "../../components/TimeText";
import { formatDate, interactionTypeLabel, plural } from "../../lib/format";

const KINDS: readonly { id: PasteKind; label: string; hint: string }[] = [
  { id: "public", label: "Public chat", hint: "the room's chat" },
  { id: "pm", label: "PM", hint: "private messages in a room, during a show" },
  { id: "dm", label: "DM", hint: "site mail, outside any show" },
];

const STATUS_TONES = { new: "emerald", stored: "slate", recorded: "sky" } as const;
const STATUS_LABELS = { new: "new", stored: "saved before", recorded: "recorded live" } as const;

function PreviewSummary({ preview }: { preview: PastePreview }) {
  const menu = preview.tipMenu.length > 0;
  return (
    <div data-testid="paste-preview-summary" className="space-y-3 text-sm">
      <p className="text-base text-slate-100">
        {plural(preview.messages, "message")} · {plural(preview.tips, "tip")} ·{" "}
        {plural(preview.tipMenuItems, "tip-menu item")}
      </p>
      <p className="text-slate-300">
        <span data-testid="paste-new-count">{preview.new} new</span>
        {preview.stored ? ` · ${preview.stored} saved before` : ""}
        {preview.recorded ? ` · ${preview.recorded} recorded live by Chaturbate (left out)` : ""}
        {preview.noise ? ` · ${plural(preview.noise, "notice")} dropped` : ""}
        {preview.unparsed ? ` · ${plural(preview.unparsed, "line")} not understood` : ""}
      </p>
      <p className="text-slate-400">
        {preview.timed ? "Times from the paste, on " : "No times in the paste: dated "}
        <span className="text-slate-200">{formatDate(preview.day)}</span>
        {preview.sessionId !== null ? (
          <>
            {" "}
            in show <span className="text-slate-200">#{preview.sessionId}</span>
          </>
        ) : null}{" "}
        ({preview.timeZone})
      </p>
      {preview.orphans ? (
        <p className="text-amber-300">
          {plural(preview.orphans, "line")} of yours with nobody to attach to: name who the thread is with.
        </p>
      ) : null}
      {preview.excluded.length ? (
        <p className="text-slate-400">Left out as excluded: {preview.excluded.join(", ")}</p>
      ) : null}
      <ul className="flex flex-wrap gap-1.5" aria-label="People in the paste">
        {preview.people.map((person) => (
          <li key={person.username} data-testid="paste-person" data-username={person.username}>
            <Badge tone={person.isNew ? "amber" : "indigo"}>
              {person.username}
              {person.isNew ? " · new" : ""} · {person.messages + person.tips}
            </Badge>
          </li>
        ))}
      </ul>
      {menu ? (
        <p className="text-slate-300">
          Tip menu of <span className="font-medium">{preview.tipMenuModel}</span>:{" "}
          {preview.tipMenu.map((item) => `${item.item} (${item.price})`).join(", ")}
          {preview.tipMenuNew ? "" : " (saved before)"}
        </p>
      ) : null}
      {preview.sample.length ? (
        <ol className="max-h-64 space-y-1 overflow-y-auto rounded-lg border border-slate-800 bg-slate-950/40 p-2 font-mono text-xs">
          {preview.sample.map((line) => (
            <li key={`${line.line}-${line.person}`} className="flex flex-wrap items-baseline gap-x-2">
              <Badge tone={STATUS_TONES[line.status]}>{STATUS_LABELS[line.status]}</Badge>
              <span className="text-slate-400">{interactionTypeLabel(line.type)}</span>
              <span className={line.fromOwner ? "text-indigo-300" : "text-slate-200"}>
                {line.fromOwner ? (line.person === line.speaker ? "you" : `you → ${line.person}`) : line.speaker}
              </span>
              <span className="min-w-0 break-words text-slate-300">
                {line.tokens !== null ? `${line.tokens} tk ` : ""}
                {line.content ?? ""}
              </span>
              {line.timeKnown ? <TimeText iso={line.occurredAt} mode="absolute" className="text-slate-400" /> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

function SavedSummary({ saved }: { saved: PasteSaved }) {
  return (
    <div data-testid="paste-saved" role="status" className="space-y-2 rounded-lg border border-emerald-800/60 bg-emerald-950/30 p-3 text-sm">
      <p className="text-emerald-200">
        Saved {plural(saved.stored, "message")}
        {saved.alreadyStored ? `; ${saved.alreadyStored} were saved before` : ""}
        {saved.recorded ? `; ${saved.recorded} recorded live were left out` : ""}
        {saved.tipMenuStored ? "; the tip menu too" : ""}.
      </p>
      <ul className="flex flex-wrap gap-x-3 gap-y-1">
        {saved.people
          .filter((person) => person.personId !== null)
          .map((person) => (
            <li key={person.username}>
              <Link
                to={`/person/${person.personId}?tab=communications`}
                className="link"
                data-testid="paste-saved-person"
              >
                {person.username}
              </Link>
              {person.isNew ? <span className="text-slate-400"> (new)</span> : null}
            </li>
          ))}
      </ul>
    </div>
  );
}

/** Saving a pasted chat: what it is (public chat, PM, DM), when, then a preview and a save. */
export function SavePastePanel({ text, onClose }: { text: string; onClose: () => void }) {
  const [kind, setKind] = useState<PasteKind>("public");
  const [day, setDay] = useState("");
  const [counterpart, setCounterpart] = useState("");
  const preview = usePreviewPaste();
  const save = useSavePaste();

  const request = (): PasteRequest => {
    const body: PasteRequest = { text, kind };
    if (day) body.day = day;
    if (kind !== "public" && counterpart.trim()) body.counterpart = counterpart.trim();
    return body;
  };
  const change = (apply: () => void) => {
    apply();
    preview.reset();
    save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.reset();
    preview.mutate(request());
  };
  const savable = preview.data && (preview.data.new > 0 || preview.data.tipMenuNew);

  return (
    <Card
      title="Save this chat"
      testId="save-paste"
      actions={
        <button type="button" className="btn-ghost btn-sm" onClick={onClose}>
          Close
        </button>
      }
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <fieldset>
          <legend className="label">It is</legend>
          <div className="flex flex-wrap gap-2">
            {KINDS.map((item) => (
              <label
                key={item.id}
                title={item.hint}
                className={`btn-secondary btn-sm cursor-pointer ${kind === item.id ? "border-indigo-500 bg-indigo-950/70 text-white" : ""}`}
              >
                <input
                  type="radio"
                  name="paste-kind"
                  value={item.id}
                  data-testid={`paste-kind-${item.id}`}
                  className="sr-only"
                  checked={kind === item.id}
                  onChange={() => change(() => setKind(item.id))}
                />
                {item.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="paste-day" className="label">
              Day of the clock times
            </label>
            <input
              id="paste-day"
              type="date"
              data-testid="paste-day"
              className="input"
              value={day}
              onChange={(event) => change(() => setDay(event.target.value))}
            />
            <p className="mt-1 text-xs text-slate-400">Empty: the show they fall in.</p>
          </div>
          {kind !== "public" ? (
            <div>
              <label htmlFor="paste-counterpart" className="label">
                Thread with
              </label>
              <input
                id="paste-counterpart"
                data-testid="paste-counterpart"
                className="input"
                placeholder="the one other speaker"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                value={counterpart}
                onChange={(event) => change(() => setCounterpart(event.target.value))}
              />
            </div>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="submit" className="btn-secondary" data-testid="paste-preview" disabled={preview.isPending}>
            {preview.isPending ? <Spinner className="h-4 w-4" /> : null}
            Preview
          </button>
          {preview.data ? (
            <button
              type="button"
              className="btn-primary"
              data-testid="paste-save"
              disabled={!savable || save.isPending || save.isSuccess}
              onClick={() => save.mutate(request())}
            >
              {save.isPending ? <Spinner className="h-4 w-4" /> : null}
              {preview.data.new || !preview.data.tipMenuNew
                ? `Save ${plural(preview.data.new, "message")}`
                : "Save the tip menu"}
            </button>
          ) : null}
        </div>
      </form>
      <div className="mt-4 space-y-3">
        {preview.error ? <ErrorAlert error={preview.error} testId="paste-error" /> : null}
        {save.error ? <ErrorAlert error={save.error} testId="paste-error" /> : null}
        {save.data ? <SavedSummary saved={save.data} /> : null}
        {preview.data ? <PreviewSummary preview={preview.data} /> : null}
      </div>
    </Card>
  );
}
