import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";

import { ApiError } from "../api/client";
import { useLogin } from "../api/mutations/auth";
import type { LoginRequest } from "../api/types";
import { ErrorAlert, Spinner } from "../components/Feedback";

/** Does this failed login ask for a one-time code rather than reject the password? */
/** "wrong password" → "Wrong password." */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** A refused sign-in said as a person would say it, instead of "Unauthorized / wrong password". */
export function inWords(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const { status, detail } = error.problem;
  if (status === 401) {
    return new ApiError({
      title: "Not signed in",
      status,
      detail: `${sentence(detail ?? "wrong password")} Check it (capitals count) and try again.`,
    });
  }
  if (status === 429) {
    return new ApiError({ title: "Too many tries", status, detail: sentence(detail ?? "wait a minute before trying again") });
  }
  return error;
}

export function asksForTotp(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const { problem } = error;
  if (problem.errors?.some((item) => item.field === "totpCode")) return true;
  const text = `${problem.type ?? ""} ${problem.title} ${problem.detail ?? ""}`;
  return /totp|one-time|authenticator|two-factor|2fa/i.test(text);
}

/** Only same-site paths are followed after login, never another origin. */
function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/login")) return "/";
  return next;
}

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [password, setPassword] = useState("");
  const [totpCode, setTotpCode] = useState("");
  const [showTotp, setShowTotp] = useState(false);
  // A one-time recovery code stands in for the authenticator's code when the phone is lost.
  const [useRecovery, setUseRecovery] = useState(false);
  const welcome = params.get("welcome") === "1";

  const mutation = useLogin();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: LoginRequest = { password };
    if (showTotp && totpCode.trim()) {
      if (useRecovery) body.recoveryCode = totpCode.trim();
      else body.totpCode = totpCode.trim();
    }
    mutation.mutate(body, {
      onSuccess: () => void navigate(safeNext(params.get("next")), { replace: true }),
      onError: (error) => {
        if (asksForTotp(error)) setShowTotp(true);
      },
    });
  };

  const totpRequested = asksForTotp(mutation.error);
  return (
    <div className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <img src="/favicon.svg" alt="" className="h-12 w-12 shadow-lg shadow-indigo-900/50" />
          <h1 className="mt-4 text-2xl font-semibold tracking-tight text-white">MHC Control Panel</h1>
          <p className="mt-1 text-sm text-slate-400">Sign in to continue</p>
          {welcome ? (
            <p data-testid="login-welcome" className="mt-3 text-sm text-emerald-300">
              Password saved. Sign in with it.
            </p>
          ) : null}
        </div>
        <form onSubmit={submit} className="card space-y-4 p-6" data-testid="login-form">
          <div>
            <label htmlFor="login-password" className="label">
              Password
            </label>
            <input
              id="login-password"
              data-testid="login-password"
              type="password"
              className="input"
              autoComplete="current-password"
              autoFocus
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          {showTotp ? (
            <div>
              <label htmlFor="login-totp" className="label">
                {useRecovery ? "Recovery code" : "Authenticator code"}
              </label>
              <input
                id="login-totp"
                data-testid="login-totp"
                className="input tracking-[0.3em] tabular-nums"
                inputMode={useRecovery ? "text" : "numeric"}
                autoComplete="one-time-code"
                pattern={useRecovery ? "[A-Za-z0-9 -]*" : "[0-9]*"}
                maxLength={useRecovery ? 32 : 8}
                placeholder={useRecovery ? "abcde-fghjk" : "123456"}
                autoFocus={totpRequested}
                value={totpCode}
                onChange={(event) => setTotpCode(event.target.value)}
              />
              <button
                type="button"
                data-testid="login-use-recovery"
                className="mt-1 text-xs text-slate-500 hover:text-slate-300"
                onClick={() => {
                  setUseRecovery(!useRecovery);
                  setTotpCode("");
                }}
              >
                {useRecovery ? "Use the authenticator code" : "Lost the phone? Use a recovery code"}
              </button>
            </div>
          ) : null}
          {mutation.isError ? (
            totpRequested && !totpCode ? (
              <p role="alert" data-testid="login-totp-required" className="text-sm text-indigo-200">
                Enter the 6-digit code from your authenticator app.
              </p>
            ) : (
              <ErrorAlert error={inWords(mutation.error)} testId="login-error" />
            )
          ) : null}
          <button
            type="submit"
            data-testid="login-submit"
            className="btn-primary w-full"
            disabled={mutation.isPending || !password}
          >
            {mutation.isPending ? <Spinner /> : null}
            Sign in
          </button>
          {!showTotp ? (
            <button
              type="button"
              data-testid="login-show-totp"
              className="w-full text-center text-xs text-slate-500 hover:text-slate-300"
              onClick={() => setShowTotp(true)}
            >
              I have an authenticator code
            </button>
          ) : null}
        </form>
      </div>
    </div>
  );
}
