import { useState } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";

import { useLogout } from "../api/mutations/auth";
import { AlertCenter } from "./alerts/AlertCenter";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { ErrorBoundary } from "./ErrorBoundary";
import { FailuresBadge } from "./FailuresBadge";
import { SessionControls } from "./SessionControls";
import { WorkerIndicator } from "./WorkerIndicator";

const NAV = [
  { to: "/", label: "Lookup", end: true, testId: "nav-lookup" },
  { to: "/people", label: "People", end: false, testId: "nav-people" },
  { to: "/watchlists", label: "Watchlists", end: false, testId: "nav-watchlists" },
  { to: "/hudson", label: "Hudson", end: false, testId: "nav-hudson" },
  { to: "/radar", label: "Radar", end: false, testId: "nav-radar" },
  { to: "/failures", label: "Failures", end: false, testId: "nav-failures" },
  { to: "/system", label: "System", end: false, testId: "nav-system" },
  { to: "/settings", label: "Settings", end: false, testId: "nav-settings" },
  { to: "/connections", label: "Connections", end: false, testId: "nav-connections" },
];

function Logo() {
  return (
    <NavLink to="/" className="flex shrink-0 items-center gap-2.5">
      <img src="/favicon.svg" alt="" className="h-8 w-8" />
      <span className="sr-only text-sm leading-tight font-semibold text-white sm:not-sr-only sm:block">
        MHC
        <span className="block text-[11px] font-normal text-slate-400">Control Panel</span>
      </span>
    </NavLink>
  );
}

/** The page frame: header with navigation, session controls, worker and failures badges, logout. */
export function Layout() {
  const location = useLocation();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);
  const [menuPath, setMenuPath] = useState(location.pathname);

  // Another page closes the menu (adjusted while rendering, so it never shows open there).
  if (menuPath !== location.pathname) {
    setMenuPath(location.pathname);
    setMenuOpen(false);
  }
  // The radar is meant for a second screen: let it use a wide one.
  const width = location.pathname.startsWith("/radar") ? "max-w-[120rem]" : "max-w-7xl";

  const logout = useLogout();
  // The session is gone from this browser even when the server could not be told: log in again.
  const signOut = () => logout.mutate(undefined, { onSettled: () => void navigate("/login", { replace: true }) });

  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-30 border-b border-slate-800/80 bg-slate-950">
        <div className={`mx-auto flex ${width} flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5 sm:px-6`}>
          <Logo />
          <nav
            id="main-menu"
            data-testid="main-nav"
            className={`${menuOpen ? "flex" : "hidden"} order-3 w-full flex-col gap-1 border-t border-slate-800 pt-2 pb-1 lg:order-none lg:flex lg:w-auto lg:flex-row lg:items-center lg:border-0 lg:p-0`}
          >
            {NAV.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.end}
                data-testid={item.testId}
                className={({ isActive }) =>
                  `rounded-lg px-2.5 py-1.5 text-sm font-medium transition-colors ${
                    isActive
                      ? "bg-indigo-500/15 text-indigo-200"
                      : "text-slate-400 hover:bg-slate-800/60 hover:text-slate-100"
                  }`
                }
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="order-2 flex w-full items-center lg:order-none lg:ml-auto lg:w-auto">
            <SessionControls />
          </div>
          <div className="ml-auto flex items-center gap-2 lg:ml-0">
            <ConnectionIndicator />
            <WorkerIndicator />
            <FailuresBadge />
            <button
              type="button"
              data-testid="logout"
              className="btn-ghost btn-sm"
              onClick={signOut}
              disabled={logout.isPending}
              title="Log out"
            >
              <svg viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
                <path d="M8 4H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3M13 14l4-4-4-4M17 10H8" />
              </svg>
              <span className="hidden 2xl:inline">Log out</span>
            </button>
            <button
              type="button"
              data-testid="menu-toggle"
              className="btn-ghost btn-sm lg:hidden"
              aria-expanded={menuOpen}
              aria-controls="main-menu"
              aria-label={menuOpen ? "Close menu" : "Open menu"}
              onClick={() => setMenuOpen((open) => !open)}
            >
              <svg viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
                {menuOpen ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 6h14M3 10h14M3 14h14" />}
              </svg>
            </button>
          </div>
        </div>
      </header>
      <main className={`mx-auto w-full ${width} flex-1 px-4 py-6 sm:px-6 sm:py-8`}>
        <ErrorBoundary resetKey={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
      <AlertCenter />
    </div>
  );
}
