import { useEffect, useId, useRef, useState, type FormEvent } from "react";

import { ROLES, type LookupRequest, type Role } from "../api/types";
import { roleLabel } from "../lib/format";
import { Spinner } from "./Feedback";

/** True when a key press belongs to some text field rather than to the page. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function Toggle({
  checked,
  onChange,
  label,
  hint,
  testId,
}: {
  checked: boolean;
  onChange: (value: boolean) => void;
  label: string;
  hint: string;
  testId: string;
}) {
  const id = useId();
  return (
    <label htmlFor={id} className="flex cursor-pointer items-start gap-3 select-none">
      <span className="relative mt-0.5 inline-flex">
        <input
          id={id}
          type="checkbox"
          role="switch"
          data-testid={testId}
          className="peer sr-only"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
        />
        <span className="h-5 w-9 rounded-full bg-slate-700 transition-colors peer-checked:bg-indigo-600 peer-focus-visible:ring-2 peer-focus-visible:ring-indigo-400" />
        <span className="absolute top-0.5 left-0.5 h-4 w-4 rounded-full bg-white shadow transition-transform peer-checked:translate-x-4" />
      </span>
      <span>
        <span className="block text-sm font-medium text-slate-200">{label}</span>
        <span className="block text-xs text-slate-500">{hint}</span>
      </span>
    </label>
  );
}

/** Username, role override, pasted text and the two source toggles; `onSave` offers to save
 * the pasted chat instead of looking it up. */
export function LookupForm({
  onSubmit,
  onSave,
  pending = false,
  statbateConnected,
}: {
  onSubmit: (request: LookupRequest) => void;
  onSave?: (text: string) => void;
  pending?: boolean;
  /** False while Statbate is not connected: the toggle says so. */
  statbateConnected?: boolean | undefined;
}) {
  const usernameRef = useRef<HTMLInputElement>(null);
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [pastedText, setPastedText] = useState("");
  const [includeStatbate, setIncludeStatbate] = useState(true);
  const [includeMyRoomData, setIncludeMyRoomData] = useState(true);
  const [validation, setValidation] = useState<string | null>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      event.preventDefault();
      usernameRef.current?.focus();
      usernameRef.current?.select();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = username.trim();
    const text = pastedText.trim();
    if (!name && !text) {
      setValidation("Enter a username or paste some text to analyze.");
      usernameRef.current?.focus();
      return;
    }
    setValidation(null);
    const request: LookupRequest = { includeStatbate, includeMyRoomData };
    if (name) request.username = name;
    if (role) request.role = role;
    if (text) request.pastedText = pastedText;
    onSubmit(request);
  };

  return (
    <form onSubmit={submit} data-testid="lookup-form" className="card space-y-4 p-4 sm:p-5" noValidate>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_12rem]">
        <div>
          <label htmlFor="lookup-username" className="label">
            Username
          </label>
          <div className="relative">
            <input
              id="lookup-username"
              ref={usernameRef}
              data-testid="lookup-username"
              className="input pr-9 font-medium"
              placeholder="e.g. big_tipper_77"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
            <kbd
              title="Press / to focus"
              className="pointer-events-none absolute top-1/2 right-2.5 hidden -translate-y-1/2 rounded border border-slate-700 px-1.5 text-[11px] text-slate-500 sm:block"
            >
              /
            </kbd>
          </div>
        </div>
        <div>
          <label htmlFor="lookup-role" className="label">
            Role override
          </label>
          <select
            id="lookup-role"
            data-testid="lookup-role"
            className="input"
            value={role}
            onChange={(event) => setRole(event.target.value as Role | "")}
          >
            <option value="">Auto-detect</option>
            {ROLES.map((item) => (
              <option key={item} value={item}>
                {roleLabel(item)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div>
        <label htmlFor="lookup-paste" className="label">
          Paste a profile, chat log or list of names
        </label>
        <textarea
          id="lookup-paste"
          data-testid="lookup-paste"
          className="input min-h-36 resize-y font-mono text-[13px] leading-relaxed"
          placeholder={"Paste anything: every username in it is looked up.\nbig_tipper_77: hi!\n@night_owl_3, https://chaturbate.com/cam_star_5/"}
          value={pastedText}
          onChange={(event) => setPastedText(event.target.value)}
        />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div className="flex flex-wrap gap-6">
          <Toggle
            testId="lookup-include-statbate"
            checked={includeStatbate}
            onChange={setIncludeStatbate}
            label="Include Statbate"
            hint={
              statbateConnected === false
                ? "Needs Statbate: not connected (see Connections)"
                : "Fetch fresh site-wide stats (paid API)"
            }
          />
          <Toggle
            testId="lookup-include-room"
            checked={includeMyRoomData}
            onChange={setIncludeMyRoomData}
            label="Include My Room Data"
            hint="Tips, messages and visits in my room"
          />
        </div>
        <div className="flex flex-wrap gap-2">
          {onSave ? (
            <button
              type="button"
              data-testid="lookup-save"
              className="btn-secondary"
              disabled={!pastedText.trim()}
              title="Keep the messages, PMs, DMs, tips and tip menu of the pasted chat"
              onClick={() => onSave(pastedText)}
            >
              Save chat…
            </button>
          ) : null}
          <button type="submit" data-testid="lookup-submit" className="btn-primary px-5" disabled={pending}>
            {pending ? <Spinner className="h-4 w-4" /> : null}
            {pending ? "Analyzing…" : "Look up & analyze"}
          </button>
        </div>
      </div>
      {validation ? (
        <p role="alert" data-testid="lookup-validation" className="text-sm text-amber-300">
          {validation}
        </p>
      ) : null}
    </form>
  );
}
