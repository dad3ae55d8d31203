import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";

import { planPersonErasure } from "../api/endpoints";
import { keys } from "../api/keys";
import { useErasePerson } from "../api/mutations/account";
import { ErrorAlert, QueryState, Spinner } from "./Feedback";

/** "Forget this person": shows what would go, then erases for good once the owner types the
 * person's username (as `mhc forget` asks). */
export function ForgetPerson({ personId, username }: { personId: number; username: string }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button
        type="button"
        data-testid="forget-person"
        className="btn-ghost btn-sm text-rose-300 hover:text-rose-200"
        onClick={() => setOpen(true)}
      >
        Forget this person…
      </button>
    );
  }
  return <ForgetDialog personId={personId} username={username} onCancel={() => setOpen(false)} />;
}

function ForgetDialog({
  personId,
  username,
  onCancel,
}: {
  personId: number;
  username: string;
  onCancel: () => void;
}) {
  const navigate = useNavigate();
  const plan = useQuery({ queryKey: keys.erasurePlan(personId), queryFn: () => planPersonErasure(personId) });
  const erase = useErasePerson(personId);
  const [typed, setTyped] = useState("");
  const [reason, setReason] = useState("");
  const matches = typed.trim().replace(/^@/, "").toLowerCase() === username;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    erase.mutate(
      { confirm: typed.trim(), reason: reason.trim() || null },
      { onSuccess: () => void navigate("/people", { replace: true }) },
    );
  };
  return (
    <div
      role="dialog"
      aria-labelledby="forget-title"
      data-testid="forget-dialog"
      className="mt-3 rounded-lg border border-rose-900/70 bg-rose-950/30 p-4"
    >
      <h3 id="forget-title" className="text-sm font-semibold text-rose-100">
        Forget {username} for good
      </h3>
      <QueryState query={plan} compact>
        {(found) => (
          <form onSubmit={submit} className="mt-2 space-y-3">
            <p className="text-sm text-slate-300">
              This deletes {username} and everything about them (rows:{" "}
              {Object.entries(found.counts)
                .filter(([, count]) => count > 0)
                .map(([table, count]) => `${table.replaceAll("_", " ")} ${count}`)
                .join(" · ")}
              ). Other people's rows stay, even where they mention the name; backups made before now still hold them.
              Imports leave the name out from now on.
            </p>
            <div>
              <label htmlFor="forget-confirm" className="label">
                Type <span className="font-mono text-white">{username}</span> to confirm
              </label>
              <input
                id="forget-confirm"
                data-testid="forget-confirm"
                className="input"
                autoComplete="off"
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
              />
            </div>
            <div>
              <label htmlFor="forget-reason" className="label">
                Why (kept in the audit, optional)
              </label>
              <input
                id="forget-reason"
                className="input"
                maxLength={500}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
            </div>
            {erase.isError ? <ErrorAlert error={erase.error} testId="forget-error" /> : null}
            <div className="flex flex-wrap gap-2">
              <button type="submit" data-testid="forget-submit" className="btn-danger" disabled={!matches || erase.isPending}>
                {erase.isPending ? <Spinner /> : null}
                Forget {username}
              </button>
              <button type="button" className="btn-ghost" onClick={onCancel}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </QueryState>
    </div>
  );
}
