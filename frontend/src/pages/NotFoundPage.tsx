import { Link } from "react-router";

import { EmptyState } from "../components/Feedback";

export function NotFoundPage() {
  return (
    <div data-testid="not-found-page" className="py-10">
      <EmptyState title="Page not found">
        Nothing lives at this address.{" "}
        <Link to="/" className="link">
          Back to lookup
        </Link>
      </EmptyState>
    </div>
  );
}
