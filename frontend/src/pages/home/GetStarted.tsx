import { Link } from "react-router";

import type { Connection, ConnectionName } from "../../api/types";
import { findConnection, isUsable } from "../../lib/connections";

interface Step {
  name: ConnectionName;
  need: "Needed" | "Recommended" | "Optional";
  what: string;
}

// In the order an owner would set them up, with what each one brings.
const STEPS: readonly Step[] = [
  {
    name: "cb_events",
    need: "Needed",
    what: "connects your room: every chat, tip, follow and visitor is recorded from then on, and the Radar fills within seconds.",
  },
  {
    name: "cb_stats",
    need: "Recommended",
    what: "adds your room's own numbers (followers, viewers, token balance) every few minutes.",
  },
  {
    name: "statbate",
    need: "Optional",
    what: "adds what viewers spend elsewhere on the site (paid). Without it everything else works; figures only Statbate has say “needs Statbate”.",
  },
  {
    name: "statbate_plus",
    need: "Optional",
    what: "lets you import older chat of your room from Statbate Plus.",
  },
  { name: "pushover", need: "Optional", what: "sends alerts to your phone." },
];

/** What an unconnected panel's owner does next, in words, with where each token comes from. */
export function GetStarted({ connections }: { connections: readonly Connection[] }) {
  return (
    <section data-testid="get-started" className="card space-y-4 p-4 sm:p-6">
      <div>
        <h2 className="text-lg font-semibold text-white">Connect your room to get started</h2>
        <p className="mt-1 text-sm text-slate-400">
          The panel is running, but it is not connected to your Chaturbate room yet, so nothing is
          being recorded. Create the tokens below on each service’s site, then paste them on the{" "}
          <Link to="/connections" className="text-indigo-300 underline-offset-2 hover:underline">
            Connections page
          </Link>
          . Each one works the moment it is saved: no restart, no settings file.
        </p>
      </div>
      <ol className="space-y-3">
        {STEPS.map((step, index) => {
          const connection = findConnection(connections, step.name);
          if (!connection) return null;
          const done = isUsable(connection);
          return (
            <li key={step.name} data-testid={`get-started-${step.name}`} data-done={done} className="flex gap-3">
              <span
                aria-hidden
                className={`mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
                  done ? "bg-emerald-500/20 text-emerald-300" : "bg-slate-800 text-slate-300"
                }`}
              >
                {done ? "✓" : index + 1}
              </span>
              <div className="min-w-0 text-sm">
                <p className="text-slate-200">
                  <span className="font-semibold">{connection.label}</span>{" "}
                  <span className="text-xs text-slate-500">({step.need.toLowerCase()})</span>
                  {done ? <span className="ml-1 text-emerald-300">connected</span> : null}
                </p>
                <p className="text-slate-400">
                  It {step.what} {connection.where}{" "}
                  <a
                    href={connection.whereUrl}
                    target="_blank"
                    rel="noreferrer noopener"
                    className="text-indigo-300 underline-offset-2 hover:underline"
                  >
                    Create it ↗
                  </a>
                </p>
              </div>
            </li>
          );
        })}
      </ol>
      <Link to="/connections" data-testid="get-started-open" className="btn-primary inline-flex">
        Open Connections →
      </Link>
    </section>
  );
}
