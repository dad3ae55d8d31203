import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { LookupForm } from "./LookupForm";

describe("LookupForm", () => {
  it("test_submits_username_with_both_sources_when_defaults_are_kept", async () => {
    const onSubmit = vi.fn();
    render(<LookupForm onSubmit={onSubmit} />);

    await userEvent.type(screen.getByTestId("lookup-username"), "  big_tipper_77 ");
    await userEvent.click(screen.getByTestId("lookup-submit"));

    expect(onSubmit).toHaveBeenCalledWith({
      username: "big_tipper_77",
      includeStatbate: true,
      includeMyRoomData: true,
    });
  });

  it("test_sends_role_paste_and_toggles_when_user_changes_them", async () => {
    const onSubmit = vi.fn();
    render(<LookupForm onSubmit={onSubmit} />);

    await userEvent.selectOptions(screen.getByTestId("lookup-role"), "MODEL");
    await userEvent.type(screen.getByTestId("lookup-paste"), "quiet_lurker: hello");
    await userEvent.click(screen.getByTestId("lookup-include-statbate"));
    await userEvent.click(screen.getByTestId("lookup-submit"));

    expect(onSubmit).toHaveBeenCalledWith({
      role: "MODEL",
      pastedText: "quiet_lurker: hello",
      includeStatbate: false,
      includeMyRoomData: true,
    });
  });

  it("test_refuses_to_submit_when_username_and_paste_are_empty", async () => {
    const onSubmit = vi.fn();
    render(<LookupForm onSubmit={onSubmit} />);

    await userEvent.click(screen.getByTestId("lookup-submit"));

    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByTestId("lookup-validation")).toHaveTextContent("Enter a username");
  });

  it("test_focuses_username_when_slash_is_pressed_outside_a_field", () => {
    render(<LookupForm onSubmit={vi.fn()} />);

    fireEvent.keyDown(document.body, { key: "/" });

    expect(screen.getByTestId("lookup-username")).toHaveFocus();
  });

  it("test_keeps_typing_in_paste_box_when_slash_is_typed_there", async () => {
    render(<LookupForm onSubmit={vi.fn()} />);
    const paste = screen.getByTestId("lookup-paste");

    await userEvent.click(paste);
    await userEvent.keyboard("a/b");

    expect(paste).toHaveFocus();
    expect(paste).toHaveValue("a/b");
  });

  it("test_disables_submit_when_a_lookup_is_running", () => {
    render(<LookupForm onSubmit={vi.fn()} pending />);

    expect(screen.getByTestId("lookup-submit")).toBeDisabled();
  });
});
