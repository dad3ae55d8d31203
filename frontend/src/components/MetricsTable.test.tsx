import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { MetricsTable } from "./MetricsTable";

function row(metric: string): HTMLElement {
  const found = screen.getAllByTestId("metric-row").find((item) => item.dataset["metric"] === metric);
  if (!found) throw new Error(`no row for ${metric}`);
  return found;
}

describe("MetricsTable", () => {
  it("test_shows_a_delta_only_where_a_quantity_changed", () => {
    render(
      <MetricsTable
        metrics={{ all_time_tokens: 12000, models_tipped_2weeks: 5, did: 4242, last_tip_amount: 25 }}
        deltas={{ all_time_tokens: 2000, models_tipped_2weeks: 0, did: 3, last_tip_amount: null }}
      />,
    );

    expect(within(row("all_time_tokens")).getByTestId("delta")).toHaveTextContent("+2,000");
    expect(within(row("models_tipped_2weeks")).queryByTestId("delta")).not.toBeInTheDocument();
    expect(within(row("did")).queryByTestId("delta")).not.toBeInTheDocument();
    expect(within(row("last_tip_amount")).queryByTestId("delta")).not.toBeInTheDocument();
    expect(screen.queryByText("±0")).not.toBeInTheDocument();
  });

  it("test_reads_gender_durations_and_dollars_with_the_raw_code_on_hover", () => {
    render(<MetricsTable metrics={{ gender: 1, sessions_total_duration: 7260, income_usd: 99.5, rid: 4411 }} />);

    expect(within(row("gender")).getByText("Female")).toHaveAttribute("title", "Statbate code 1");
    expect(row("sessions_total_duration")).toHaveTextContent("Time broadcast2 h 01 min");
    expect(row("income_usd")).toHaveTextContent("$99.50");
    expect(row("rid")).toHaveTextContent("4411");
  });

  it("test_keeps_no_delta_column_when_nothing_changed_since_the_last_capture", () => {
    render(<MetricsTable metrics={{ all_time_tokens: 12000, did: 4242 }} deltas={{ all_time_tokens: 0, did: 3 }} />);

    for (const metric of ["all_time_tokens", "did"]) expect(row(metric).querySelectorAll("dd")).toHaveLength(1);
  });
});
