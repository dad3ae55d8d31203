import { useState, type FormEvent } from "react";

import { useChangePassword } from "../../../api/mutations/account";
import { Card } from "../../../components/Card";
import { ErrorAlert, Spinner } from "../../../components/Feedback";

export const MIN_PASSWORD_LENGTH = 12;

/** The owner's password: changed here, unless MHC_ADMIN_PASSWORD sets it. */
export function PasswordCard({ fromEnvironment }: { fromEnvironment: boolean }) {
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [done, setDone] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
          setDone(true);
        },
      },
    );
  };
  return (
    <Card title="Password" testId="password-card">
      {fromEnvironment ? (
        <p className="text-sm text-slate-400" data-testid="password-from-environment">
          Set by <code className="text-slate-200">MHC_ADMIN_PASSWORD</code> where the panel runs, which wins over one
          chosen here. Changing it there logs every browser out.
        </p>
      ) : (
        <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
          <div className="min-w-40 flex-1">
            <label htmlFor="password-current" className="label">
              Current password
            </label>
            <input
              id="password-current"
              type="password"
              className="input"
              autoComplete="current-password"
              required
              value={current}
              onChange={(event) => setCurrent(event.target.value)}
            />
          </div>
          <div className="min-w-40 flex-1">
            <label htmlFor="password-new" className="label">
              New password ({MIN_PASSWORD_LENGTH}+ characters)
            </label>
            <input
              id="password-new"
              type="password"
              className="input"
              autoComplete="new-password"
              minLength={MIN_PASSWORD_LENGTH}
              required
              value={next}
              onChange={(event) => setNext(event.target.value)}
            />
          </div>
          <button
            type="submit"
            className="btn-primary"
            disabled={change.isPending || !current || next.length < MIN_PASSWORD_LENGTH}
          >
            {change.isPending ? <Spinner /> : null}
            Change
          </button>
        </form>
      )}
      {done ? <p className="mt-2 text-sm text-emerald-300">Changed. Every other browser was logged out.</p> : null}
      {change.isError ? <ErrorAlert error={change.error} /> : null}
    </Card>
  );
}
