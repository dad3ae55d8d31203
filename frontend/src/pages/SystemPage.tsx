import { exportAllUrl } from "../api/endpoints";
import { Card, PageHeader } from "../components/Card";
import { ExportLinks } from "../components/ExportLinks";
import { BackfillForm } from "./system/BackfillForm";
import { BackfillsCard } from "./system/BackfillsCard";
import { DriftCard } from "./system/DriftCard";
import { ErasuresCard } from "./system/ErasuresCard";
import { JobsCard } from "./system/JobsCard";
import { RecentFailuresCard } from "./system/RecentFailuresCard";
import { WorkerCard } from "./system/WorkerCard";

/** How the machinery is doing: worker, scheduled jobs, backfills, contract drift, failures, erasures. */
export function SystemPage() {
  return (
    <div data-testid="system-page" className="space-y-5">
      <PageHeader
        title="System"
        subtitle="The worker, its jobs and backfills, and what the outside services answered."
        actions={<ExportLinks label="Export all data" urlFor={exportAllUrl} testId="export-all" />}
      />
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-2">
        <WorkerCard />
        <JobsCard />
      </div>
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <BackfillsCard />
        <Card title="Start a backfill" testId="backfill-start-card" className="self-start">
          <BackfillForm />
        </Card>
      </div>
      <DriftCard />
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-2">
        <RecentFailuresCard />
        <ErasuresCard />
      </div>
    </div>
  );
}
