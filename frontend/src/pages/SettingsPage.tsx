import { PageHeader } from "../components/Card";
import { AccountSection } from "./settings/AccountSection";
import { AlertsSection } from "./settings/AlertsSection";
import { ClockSection } from "./settings/ClockSection";

/** The owner's settings: one section per concern, each in pages/settings/. */
export function SettingsPage() {
  return (
    <div data-testid="settings-page" className="space-y-5">
      <PageHeader title="Settings" subtitle="How the panel works for you, stored in its database." />
      <ClockSection />
      <AlertsSection />
      <AccountSection />
    </div>
  );
}
