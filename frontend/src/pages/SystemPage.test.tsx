import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { FakeApi } from "../test/fakeApi";
import { renderWithProviders } from "../test/render";
import { backfill, drift, erasure, failure, jobs, liveHealth } from "../test/systemFixtures";
import { SystemPage } from "./SystemPage";

const page = <T,>(items: T[]) => ({ body: { items, total: items.length } });

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi()
    .on("GET", "/api/health", { body: liveHealth() })
    .on("GET", "/api/jobs", { body: jobs })
    .on("GET", "/api/drift", page([drift]))
    .on("GET", "/api/backfills", page([backfill(9), backfill(8, { kind: "chat_import", label: "Chat history of hudson_cage", status: "queued", unit: "messages", total: null, done: 0, failed: 0, summary: {}, startedAt: null })]))
    .on("GET", "/api/failures", { body: { items: [1, 2, 3, 4, 5].map(failure), total: 12, limit: 5, offset: 0 } })
    .on("GET", "/api/erasures", page([erasure]))
    .install();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("SystemPage", () => {
  it("test_shows_the_worker_heartbeat_and_its_last_error_when_the_worker_is_live", async () => {
    renderWithProviders(<SystemPage />);

    const card = await screen.findByTestId("worker-card");
    await waitFor(() => expect(within(card).getByTestId("worker-state")).toHaveTextContent("Worker live · lag 2 s"));
    expect(within(card).getByTestId("worker-lag")).toHaveTextContent("2 s");
    expect(within(card).getByTestId("worker-stale")).toHaveTextContent("Fresh");
    expect(within(card).getByTestId("worker-last-error")).toHaveTextContent("Events API answered 502 once");
  });

  it("test_highlights_a_failed_job_with_its_error_when_the_last_run_failed", async () => {
    renderWithProviders(<SystemPage />);

    const rows = await screen.findAllByTestId("job-row");
    expect(rows.map((row) => row.dataset["status"])).toEqual(["ok", "failed"]);
    expect(rows[1]?.className).toContain("rose");
    expect(within(rows[1]!).getByTestId("job-error")).toHaveTextContent("Statbate answered 503");
    expect(within(rows[0]!).queryByTestId("job-error")).not.toBeInTheDocument();
  });

  it("test_expands_the_example_of_a_drift_row_when_asked", async () => {
    renderWithProviders(<SystemPage />);

    const row = await screen.findByTestId("drift-row");
    expect(row).toHaveTextContent("$.events[].object.user.badge");
    expect(row).toHaveTextContent("a field the contract does not name");
    expect(row).toHaveTextContent("37");
    expect(screen.queryByTestId("drift-example")).not.toBeInTheDocument();

    await userEvent.click(within(row).getByTestId("drift-example-toggle"));

    expect(screen.getByTestId("drift-example")).toHaveTextContent('"badge": "gold"');
  });

  it("test_says_every_answer_matched_when_there_is_no_drift", async () => {
    api.on("GET", "/api/drift", page([]));

    renderWithProviders(<SystemPage />);

    const card = await screen.findByTestId("drift-card");
    expect(await within(card).findByTestId("empty-state")).toHaveTextContent("No drift: every answer matched our contracts");
  });

  it("test_draws_a_bar_per_backfill_determinate_only_when_its_total_is_known", async () => {
    renderWithProviders(<SystemPage />);

    const rows = await screen.findAllByTestId("backfill-row");
    const bars = rows.map((row) => within(row).getByRole("progressbar"));
    expect(bars.map((bar) => bar.dataset["mode"])).toEqual(["determinate", "indeterminate"]);
    expect(bars[0]).toHaveAttribute("data-percent", "50");
    expect(within(rows[0]!).getByTestId("backfill-counts")).toHaveTextContent("18 / 40 names · 2 failed");
    expect(within(rows[0]!).getByTestId("backfill-summary")).toHaveTextContent("captured 18 · not found 2");
    expect(within(rows[1]!).getByTestId("backfill-status")).toHaveTextContent("Queued");
    expect(within(rows[1]!).getByTestId("backfill-counts")).toHaveTextContent("0 messages so far");
  });

  it("test_follows_a_running_backfill_every_two_seconds_until_it_is_done", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let reads = 0;
    api.on("GET", "/api/backfills", () => {
      reads += 1;
      const status = reads === 1 ? "running" : "done";
      return page([backfill(9, { status, done: reads === 1 ? 18 : 38, finishedAt: reads === 1 ? null : "2026-03-06T21:00:30Z" })]);
    });
    renderWithProviders(<SystemPage />);
    expect(await screen.findByTestId("backfill-row")).toHaveAttribute("data-status", "running");

    await act(() => vi.advanceTimersByTimeAsync(2_100));

    await waitFor(() => expect(screen.getByTestId("backfill-row")).toHaveAttribute("data-status", "done"));
    expect(screen.getByTestId("backfill-counts")).toHaveTextContent("38 / 40 names");
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(reads).toBe(2);
  });

  it("test_lists_the_five_newest_failures_with_a_link_to_all_of_them", async () => {
    renderWithProviders(<SystemPage />);

    expect(await screen.findAllByTestId("recent-failure")).toHaveLength(5);
    expect(screen.getByTestId("recent-failures-all")).toHaveAttribute("href", "/failures");
    expect(api.last("GET", "/api/failures")?.search.get("limit")).toBe("5");
  });

  it("test_lists_erasures_by_hash_and_counts_without_any_username", async () => {
    renderWithProviders(<SystemPage />);

    const row = await screen.findByTestId("erasure-row");
    expect(row).toHaveTextContent("asked to be forgotten");
    expect(row).toHaveTextContent("5e884898da28");
    expect(row).toHaveTextContent("Interactions 120");
    expect(row).not.toHaveTextContent("Notes");
  });

  it("test_offers_json_and_csv_downloads_of_everything", () => {
    renderWithProviders(<SystemPage />);

    expect(screen.getByTestId("export-all-json")).toHaveAttribute("href", "/api/export?format=json");
    expect(screen.getByTestId("export-all-csv")).toHaveAttribute("href", "/api/export?format=csv");
    expect(screen.getByTestId("export-all-csv")).toHaveAttribute("download");
  });

  it("test_shows_the_problem_in_its_card_only_when_one_route_fails", async () => {
    api.on("GET", "/api/jobs", {
      status: 500,
      body: { type: "urn:mhc:problem:internal", title: "Internal Server Error", status: 500, detail: "worker_jobs is unreadable" },
    });

    renderWithProviders(<SystemPage />);

    const card = await screen.findByTestId("jobs-card");
    expect(await within(card).findByTestId("error-alert")).toHaveTextContent("worker_jobs is unreadable");
    expect(await screen.findByTestId("drift-row")).toBeInTheDocument();
  });
});
