import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { exportPersonUrl } from "../api/endpoints";
import { ExportLinks } from "./ExportLinks";

describe("ExportLinks", () => {
  it("test_links_a_download_per_format_when_exporting_a_person", () => {
    render(<ExportLinks label="Export" urlFor={(format) => exportPersonUrl(12, format)} testId="person-export" />);

    expect(screen.getByRole("group", { name: "Export" })).toBeInTheDocument();
    const json = screen.getByTestId("person-export-json");
    expect(json).toHaveAttribute("href", "/api/person/12/export?format=json");
    expect(json).toHaveAttribute("download");
    expect(screen.getByTestId("person-export-csv")).toHaveAttribute("href", "/api/person/12/export?format=csv");
  });
});
