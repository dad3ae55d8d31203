import { Link } from "react-router";

/** Said in place of a figure only Statbate provides, while Statbate is not connected. */
export function NeedsStatbate({ className = "" }: { className?: string }) {
  return (
    <p data-testid="needs-statbate" className={`text-sm text-slate-400 ${className}`}>
      <span className="font-medium text-amber-200">Needs Statbate.</span>{" "}
      <Link to="/connections" className="text-indigo-300 underline-offset-2 hover:underline">
        Connect Statbate
      </Link>{" "}
      to see it; everything else works without it.
    </p>
  );
}
