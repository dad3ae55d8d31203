import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, useEffect } from "react";
import { createBrowserRouter, Outlet, RouterProvider, useRouteError } from "react-router";

import { ApiError, loginPath, setUnauthorizedHandler } from "./api/client";
import { keys } from "./api/keys";
import { RequireAuth } from "./auth/RequireAuth";
import { ErrorAlert, Loading } from "./components/Feedback";
import { Layout } from "./components/Layout";
import { OwnerClockProvider } from "./components/OwnerClock";

// Each page is its own chunk: the first load carries only the frame, and Recharts only
// arrives with the Person page's timeline.
const LoginPage = lazy(() => import("./pages/LoginPage").then((m) => ({ default: m.LoginPage })));
const SetupPage = lazy(() => import("./pages/SetupPage").then((m) => ({ default: m.SetupPage })));
const HomePage = lazy(() => import("./pages/HomePage").then((m) => ({ default: m.HomePage })));
const PersonPage = lazy(() => import("./pages/PersonPage").then((m) => ({ default: m.PersonPage })));
const HudsonPage = lazy(() => import("./pages/HudsonPage").then((m) => ({ default: m.HudsonPage })));
const RadarPage = lazy(() => import("./pages/RadarPage").then((m) => ({ default: m.RadarPage })));
const WatchlistsPage = lazy(() =>
  import("./pages/WatchlistsPage").then((m) => ({ default: m.WatchlistsPage })),
);
const PeoplePage = lazy(() => import("./pages/PeoplePage").then((m) => ({ default: m.PeoplePage })));
const FailuresPage = lazy(() =>
  import("./pages/FailuresPage").then((m) => ({ default: m.FailuresPage })),
);
const SettingsPage = lazy(() =>
  import("./pages/SettingsPage").then((m) => ({ default: m.SettingsPage })),
);
const ConnectionsPage = lazy(() =>
  import("./pages/ConnectionsPage").then((m) => ({ default: m.ConnectionsPage })),
);
const SystemPage = lazy(() => import("./pages/SystemPage").then((m) => ({ default: m.SystemPage })));
const NotFoundPage = lazy(() =>
  import("./pages/NotFoundPage").then((m) => ({ default: m.NotFoundPage })),
);

function RouteError() {
  const error = useRouteError();
  return (
    <div className="mx-auto max-w-xl px-4 py-20">
      <ErrorAlert error={error} onRetry={() => window.location.reload()} />
    </div>
  );
}

function Root() {
  return (
    <Suspense fallback={<Loading label="Loading…" />}>
      <Outlet />
    </Suspense>
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

export const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      { path: "/login", element: <LoginPage /> },
      { path: "/setup", element: <SetupPage /> },
      {
        element: (
          <RequireAuth>
            <OwnerClockProvider>
              <Layout />
            </OwnerClockProvider>
          </RequireAuth>
        ),
        children: [
          { index: true, element: <HomePage /> },
          { path: "person/:id", element: <PersonPage /> },
          { path: "hudson", element: <HudsonPage /> },
          { path: "radar", element: <RadarPage /> },
          { path: "watchlists", element: <WatchlistsPage /> },
          { path: "people", element: <PeoplePage /> },
          { path: "failures", element: <FailuresPage /> },
          { path: "settings", element: <SettingsPage /> },
          { path: "connections", element: <ConnectionsPage /> },
          { path: "system", element: <SystemPage /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App({ queryClient }: { queryClient: QueryClient }) {
  useEffect(() => {
    setUnauthorizedHandler(() => {
      const { pathname, search } = router.state.location;
      if (pathname === "/login" || pathname === "/setup") return;
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
