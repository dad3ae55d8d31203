import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { ActivityHeatmap, heatLevel, heatmapPeak, normalizeHeatmap } from "./ActivityHeatmap";

function emptyWeek(): number[][] {
  return Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
}

describe("heatmap levels", () => {
  it("test_level_is_zero_when_cell_or_grid_is_empty", () => {
    expect(heatLevel(0, 12)).toBe(0);
    expect(heatLevel(3, 0)).toBe(0);
  });

  it("test_levels_split_by_quarter_of_busiest_cell_when_counts_differ", () => {
    expect(heatLevel(1, 40)).toBe(1);
    expect(heatLevel(10, 40)).toBe(1);
    expect(heatLevel(11, 40)).toBe(2);
    expect(heatLevel(30, 40)).toBe(3);
    expect(heatLevel(40, 40)).toBe(4);
  });

  it("test_pads_to_seven_by_twenty_four_when_payload_is_short", () => {
    const grid = normalizeHeatmap([[1, 2], [], [0, 0, -5]]);
    expect(grid).toHaveLength(7);
    expect(grid.every((row) => row.length === 24)).toBe(true);
    expect(grid[0]?.slice(0, 3)).toEqual([1, 2, 0]);
    expect(grid[2]?.[2]).toBe(0);
  });

  it("test_peak_is_earliest_busiest_cell_when_two_tie", () => {
    const grid = emptyWeek();
    grid[4]![21] = 9;
    grid[5]![22] = 9;
    grid[0]![3] = 2;
    expect(heatmapPeak(grid)).toEqual({ day: 4, hour: 21, count: 9 });
    expect(heatmapPeak(emptyWeek())).toBeNull();
  });
});

describe("ActivityHeatmap", () => {
  it("test_renders_168_cells_with_darkest_for_quiet_hours_when_given_a_week", () => {
    const grid = emptyWeek();
    grid[4]![21] = 8; // Friday 21:00
    grid[6]![10] = 2;
    render(<ActivityHeatmap grid={grid} timezone="Europe/Berlin" />);

    const cells = screen.getAllByTestId("heatmap-cell");
    expect(cells).toHaveLength(168);
    const friday = cells.find((cell) => cell.dataset["day"] === "4" && cell.dataset["hour"] === "21");
    expect(friday).toHaveAttribute("data-level", "4");
    expect(friday).toHaveAttribute("title", "Fri 21:00–22:00: 8 interactions");
    const sunday = cells.find((cell) => cell.dataset["day"] === "6" && cell.dataset["hour"] === "10");
    expect(sunday).toHaveAttribute("data-level", "1");
    expect(screen.getByTestId("heatmap-peak")).toHaveTextContent("Busiest: Fri 21:00 (8)");
    expect(screen.getByTestId("heatmap-peak")).toHaveTextContent("Europe/Berlin");
  });
});
