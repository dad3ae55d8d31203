import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { ApiError } from "../api/client";
import { EmptyState, noItems, QueryState, type QueryLike } from "./Feedback";

type Page = { items: string[] };

function query(state: Partial<QueryLike<Page>>): QueryLike<Page> {
  return { data: undefined, error: null, isPending: false, refetch: () => undefined, ...state };
}

const refused = new ApiError({ title: "Service Unavailable", status: 503, detail: "The database does not answer." });

function renderState(state: QueryLike<Page>, props: Partial<Parameters<typeof QueryState<Page>>[0]> = {}) {
  return render(
    <QueryState query={state} loadingLabel="Loading viewers…" isEmpty={noItems} empty={<EmptyState title="Nobody yet" />} {...props}>
      {(page) => <ul data-testid="viewers">{page.items.join(", ")}</ul>}
    </QueryState>,
  );
}

describe("QueryState", () => {
  it("test_says_what_it_loads_while_pending", () => {
    renderState(query({ isPending: true }));

    expect(screen.getByTestId("loading")).toHaveTextContent("Loading viewers…");
  });

  it("test_shows_a_bare_spinner_while_pending_when_compact", () => {
    renderState(query({ isPending: true }), { compact: true });

    expect(screen.queryByTestId("loading")).toBeNull();
    expect(screen.getByRole("status")).toHaveAccessibleName("Loading");
  });

  it("test_shows_the_problem_with_retry_when_the_request_failed", async () => {
    let retried = 0;
    renderState(query({ error: refused, refetch: () => (retried += 1) }));

    expect(screen.getByTestId("error-alert")).toHaveTextContent("The database does not answer.");
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(retried).toBe(1);
  });

  it("test_shows_the_problem_without_retry_and_with_its_footer_when_asked", () => {
    renderState(query({ error: refused }), { retry: false, errorFooter: <a href="/people">All people</a> });

    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
    expect(screen.getByRole("link", { name: "All people" })).toBeInTheDocument();
  });

  it("test_shows_the_failure_rather_than_older_data_when_a_refetch_failed", () => {
    renderState(query({ data: { items: ["big_tipper_77"] }, error: refused }));

    expect(screen.getByTestId("error-alert")).toBeInTheDocument();
    expect(screen.queryByTestId("viewers")).toBeNull();
  });

  it("test_shows_the_empty_state_when_the_page_has_no_items", () => {
    renderState(query({ data: { items: [] } }));

    expect(screen.getByTestId("empty-state")).toHaveTextContent("Nobody yet");
    expect(screen.queryByTestId("viewers")).toBeNull();
  });

  it("test_renders_the_data_when_there_is_some", () => {
    renderState(query({ data: { items: ["big_tipper_77", "quiet_lurker_12"] } }));

    expect(screen.getByTestId("viewers")).toHaveTextContent("big_tipper_77, quiet_lurker_12");
  });
});
