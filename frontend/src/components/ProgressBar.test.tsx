import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { ProgressBar } from "./ProgressBar";

describe("ProgressBar", () => {
  it("test_fills_the_share_done_and_failed_when_the_total_is_known", () => {
    render(<ProgressBar done={45} failed={5} total={100} label="Snapshots" />);

    const bar = screen.getByRole("progressbar", { name: "Snapshots" });
    expect(bar).toHaveAttribute("data-mode", "determinate");
    expect(bar).toHaveAttribute("aria-valuenow", "50");
    expect(bar).toHaveAttribute("aria-valuemax", "100");
    expect(bar).toHaveAttribute("data-percent", "50");
    const [succeeded, failed] = Array.from(bar.children) as HTMLElement[];
    expect(succeeded?.style.width).toBe("45%");
    expect(failed?.style.width).toBe("5%");
  });

  it("test_never_overflows_when_more_items_are_counted_than_announced", () => {
    render(<ProgressBar done={120} failed={3} total={100} label="Tip pages" />);

    const bar = screen.getByRole("progressbar");
    expect(bar).toHaveAttribute("aria-valuenow", "100");
    expect(bar).toHaveAttribute("data-percent", "100");
  });

  it("test_sweeps_without_a_value_when_the_total_is_unknown", () => {
    render(<ProgressBar done={12} total={null} label="Chat import" />);

    const bar = screen.getByRole("progressbar", { name: "Chat import" });
    expect(bar).toHaveAttribute("data-mode", "indeterminate");
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(bar).toHaveAttribute("aria-busy", "true");
  });

  it("test_stays_empty_when_the_total_is_zero", () => {
    render(<ProgressBar done={0} total={0} label="Nothing to do" />);

    expect(screen.getByRole("progressbar")).toHaveAttribute("data-percent", "0");
  });
});
