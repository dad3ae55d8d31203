import { useId, useState, type FormEvent, type ReactNode } from "react";

import { Spinner } from "../../../components/Feedback";

/** A small form that asks for the owner's password again before a change a stolen session must
 * not make; `children` are the fields that come before it. */
export function ConfirmWithPassword({
  label,
  pending,
  onConfirm,
  children,
  testId,
  danger = false,
  disabled = false,
}: {
  label: string;
  pending: boolean;
  onConfirm: (password: string) => void;
  children?: ReactNode;
  testId: string;
  danger?: boolean;
  disabled?: boolean;
}) {
  const id = useId();
  const [password, setPassword] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm(password);
    // The password is not kept on the page once sent: a failed try is typed again.
    setPassword("");
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" data-testid={testId}>
      {children}
      <div className="min-w-40 flex-1">
        <label htmlFor={id} className="label">
          Your password
        </label>
        <input
          id={id}
          data-testid={`${testId}-password`}
          type="password"
          className="input"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      <button
        type="submit"
        data-testid={`${testId}-submit`}
        className={danger ? "btn-danger" : "btn-primary"}
        disabled={pending || disabled || !password}
      >
        {pending ? <Spinner /> : null}
        {label}
      </button>
    </form>
  );
}
