import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect } from "react";
import { createBrowserRouter, RouterProvider, useRouteError } from "react-router";

import { ApiError, loginPath, setUnauthorizedHandler } from "./api/client";
import { keys } from "./api/keys";
import { meQuery, settingsQuery } from "./api/queries";
import { RequireAuth } from "./auth/RequireAuth";
import { ErrorAlert, Loading } from "./components/Feedback";
import { Layout } from "./components/Layout";
import { OwnerClockProvider } from "./components/OwnerClock";
import { page } from "./lib/page";

function RouteError() {
  const error = useRouteError();
  return (
    <div className="mx-auto max-w-xl px-4 py-20">
      <ErrorAlert error={error} onRetry={() => window.location.reload()} />
    </div>
  );
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change on retry; a dropped connection or a 5xx might.
        retry: (failureCount, error) =>
          failureCount < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
}

// Each page is its own file (see lib/page): the first load carries only the frame, and Recharts
// only arrives with the Person page's timeline.
export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    // Shown while the first page's file loads.
    hydrateFallbackElement: <Loading label="Loading…" />,
    children: [
      { path: "/login", ...page(() => import("./pages/LoginPage"), "LoginPage") },
      { path: "/setup", ...page(() => import("./pages/SetupPage"), "SetupPage") },
      {
        element: (
          <RequireAuth>
            <OwnerClockProvider>
              <Layout />
            </OwnerClockProvider>
          </RequireAuth>
        ),
        children: [
          { index: true, ...page(() => import("./pages/HomePage"), "HomePage") },
          { path: "person/:id", ...page(() => import("./pages/PersonPage"), "PersonPage") },
          { path: "hudson", ...page(() => import("./pages/HudsonPage"), "HudsonPage") },
          { path: "radar", ...page(() => import("./pages/RadarPage"), "RadarPage") },
          { path: "watchlists", ...page(() => import("./pages/WatchlistsPage"), "WatchlistsPage") },
          { path: "people", ...page(() => import("./pages/PeoplePage"), "PeoplePage") },
          { path: "failures", ...page(() => import("./pages/FailuresPage"), "FailuresPage") },
          { path: "settings", ...page(() => import("./pages/SettingsPage"), "SettingsPage") },
          { path: "connections", ...page(() => import("./pages/ConnectionsPage"), "ConnectionsPage") },
          { path: "system", ...page(() => import("./pages/SystemPage"), "SystemPage") },
          { path: "*", ...page(() => import("./pages/NotFoundPage"), "NotFoundPage") },
        ],
      },
    ],
  },
]);

// Pages outside the frame: nobody is signed in there, so the frame's reads are not asked.
const OUTSIDE_THE_FRAME = ["/login", "/setup"];

/** Ask at once for what the frame waits on before any page shows (who is signed in, his
 * clock), beside the page's own file, rather than one after the other as the frame renders. */
function askForTheFrame(queryClient: QueryClient): void {
  if (OUTSIDE_THE_FRAME.includes(router.state.location.pathname)) return;
  void queryClient.prefetchQuery(meQuery());
  void queryClient.prefetchQuery(settingsQuery());
}

export function App({ queryClient }: { queryClient: QueryClient }) {
  useEffect(() => askForTheFrame(queryClient), [queryClient]);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      const { pathname, search } = router.state.location;
      if (OUTSIDE_THE_FRAME.includes(pathname)) return;
      queryClient.removeQueries({ queryKey: keys.me });
      void router.navigate(loginPath(pathname + search), { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
