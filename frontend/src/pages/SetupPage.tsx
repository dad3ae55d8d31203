import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";

import { completeSetup, getSetup } from "../api/endpoints";
import { keys } from "../api/keys";
import { ErrorAlert, Spinner } from "../components/Feedback";

function Frame({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-8 flex flex-col items-center text-center">
          <img src="/favicon.svg" alt="" className="h-12 w-12 shadow-lg shadow-indigo-900/50" />
          <h1 className="mt-4 text-2xl font-semibold tracking-tight text-white">Welcome to MHC Control Panel</h1>
        </div>
        <div className="card space-y-4 p-6" data-testid="setup-page">
          {children}
        </div>
      </div>
    </div>
  );
}

/** The first run: the owner chooses the panel's password with the one-time link the panel
 * printed when it started. */
export function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const state = useQuery({
    queryKey: keys.setup(token),
    queryFn: ({ signal }) => getSetup(token, signal),
    retry: false,
  });

  if (state.isPending) {
    return (
      <Frame>
        <p className="flex items-center gap-2 text-sm text-slate-400">
          <Spinner /> Checking the link…
        </p>
      </Frame>
    );
  }
  if (state.error) {
    return (
      <Frame>
        <ErrorAlert error={state.error} onRetry={() => void state.refetch()} />
      </Frame>
    );
  }
  const { data } = state;
  if (data.state === "environment") {
    return (
      <Frame>
        <p className="text-sm text-slate-300" data-testid="setup-environment">
          The password is set where the panel runs (<code className="text-slate-100">MHC_ADMIN_PASSWORD</code>), and
          that one wins: log in with it.
        </p>
        <Link to="/login" className="btn-primary w-full">
          Log in
        </Link>
      </Frame>
    );
  }
  if (data.state === "configured") {
    return (
      <Frame>
        <p className="text-sm text-slate-300" data-testid="setup-done-already">
          The password has been chosen already.
        </p>
        <Link to="/login" className="btn-primary w-full">
          Log in
        </Link>
      </Frame>
    );
  }
  if (!data.tokenValid) {
    return (
      <Frame>
        <p className="text-sm text-slate-300" data-testid="setup-link-dead">
          This setup link has expired or was used already. Stop the panel and start it again: it prints a new link,
          valid for 30 minutes.
        </p>
      </Frame>
    );
  }
  return (
    <Frame>
      <ChoosePassword token={token} minLength={data.minPasswordLength} />
    </Frame>
  );
}

function ChoosePassword({ token, minLength }: { token: string; minLength: number }) {
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const save = useMutation({ mutationFn: completeSetup });
  const mismatch = again.length > 0 && again !== password;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { token, password },
      { onSuccess: () => void navigate("/login?welcome=1", { replace: true }) },
    );
  };
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="setup-form">
      <p className="text-sm text-slate-300">
        Choose the password that opens this panel: at least {minLength} characters. A few words you will remember
        make a good one.
      </p>
      <div>
        <label htmlFor="setup-password" className="label">
          Password
        </label>
        <input
          id="setup-password"
          data-testid="setup-password"
          type="password"
          className="input"
          autoComplete="new-password"
          minLength={minLength}
          required
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      <div>
        <label htmlFor="setup-password-again" className="label">
          The same again
        </label>
        <input
          id="setup-password-again"
          data-testid="setup-password-again"
          type="password"
          className="input"
          autoComplete="new-password"
          required
          value={again}
          onChange={(event) => setAgain(event.target.value)}
        />
        {mismatch ? <p className="mt-1 text-xs text-rose-300">The two do not match.</p> : null}
      </div>
      {save.isError ? <ErrorAlert error={save.error} testId="setup-error" /> : null}
      <button
        type="submit"
        data-testid="setup-submit"
        className="btn-primary w-full"
        disabled={save.isPending || password.length < minLength || password !== again}
      >
        {save.isPending ? <Spinner /> : null}
        Save the password
      </button>
    </form>
  );
}
