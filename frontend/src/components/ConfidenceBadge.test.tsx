import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { ConfidenceBadge } from "./ConfidenceBadge";

describe("ConfidenceBadge", () => {
  it.each([
    ["low", 1],
    ["medium", 2],
    ["high", 3],
  ] as const)("test_shows_%s_with_%i_lit_bars_when_rendered", (confidence, lit) => {
    render(<ConfidenceBadge confidence={confidence} />);

    const badge = screen.getByTestId("insight-confidence");
    expect(badge).toHaveTextContent(confidence);
    expect(badge).toHaveAttribute("data-confidence", confidence);
    expect(badge.getAttribute("title")).toMatch(new RegExp(`^${confidence}`, "i"));
    const bars = Array.from(badge.querySelectorAll("[aria-hidden] > span"));
    expect(bars.filter((bar) => !bar.className.includes("bg-slate-600"))).toHaveLength(lit);
  });
});
