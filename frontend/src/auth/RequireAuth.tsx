import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";

import { ApiError, loginPath } from "../api/client";
import { meQuery } from "../api/queries";
import { ErrorAlert, Spinner } from "../components/Feedback";

/** Render the app only for a signed-in user; it also loads the CSRF token used by writes. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useQuery({ ...meQuery(), retry: false });

  if (me.isPending) {
    return (
      <div className="flex min-h-screen items-center justify-center gap-3 text-sm text-slate-400">
        <Spinner className="h-5 w-5" /> Checking session…
      </div>
    );
  }
  const unauthorized =
    (me.error instanceof ApiError && me.error.status === 401) || me.data?.authenticated === false;
  if (unauthorized) {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }
  if (me.error) {
    return (
      <div className="mx-auto max-w-xl px-4 py-20">
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  return <>{children}</>;
}
