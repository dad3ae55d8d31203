import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Failure } from "../api/types";
import { FakeApi } from "../test/fakeApi";
import { renderWithProviders } from "../test/render";
import { countRecentFailures, FailuresBadge } from "./FailuresBadge";

function failure(id: number, occurredAt: string): Failure {
  return { id, service: "statbate", endpoint: "/members/chaturbate/x/info", status: 503, message: "unavailable", occurredAt };
}

describe("FailuresBadge", () => {
  it("test_counts_only_last_day_when_older_failures_exist", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    const failures = [
      failure(3, "2026-03-01T11:00:00Z"),
      failure(2, "2026-02-28T13:00:00Z"),
      failure(1, "2026-02-27T09:00:00Z"),
    ];
    expect(countRecentFailures(failures, now)).toBe(2);
  });

  it("test_links_to_failures_page_with_count_when_failures_are_recent", async () => {
    const recent = new Date(Date.now() - 60_000).toISOString();
    new FakeApi()
      .on("GET", "/api/failures", { body: { items: [failure(1, recent), failure(2, recent)], total: 2, limit: 100, offset: 0 } })
      .install();

    renderWithProviders(<FailuresBadge />);

    const badge = screen.getByTestId("failures-badge");
    await waitFor(() => expect(badge).toHaveAttribute("data-count", "2"));
    expect(badge).toHaveAttribute("href", "/failures");
    expect(badge).toHaveTextContent("2");
  });
});
