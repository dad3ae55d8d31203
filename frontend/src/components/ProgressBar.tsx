/**
 * How far a long job has come: green for what succeeded, red for what failed, out of `total`.
 * With no total yet (the job has not counted its work) a band sweeps across instead.
 */
export function ProgressBar({
  done,
  failed = 0,
  total,
  label,
  testId = "progress-bar",
}: {
  done: number;
  failed?: number;
  total: number | null;
  label: string;
  testId?: string;
}) {
  const track = "relative h-2 w-full overflow-hidden rounded-full bg-slate-800";
  if (total === null) {
    return (
      <div role="progressbar" aria-label={label} aria-busy="true" data-testid={testId} data-mode="indeterminate" className={track}>
        <div className="animate-progress-sweep absolute inset-y-0 left-0 w-1/3 rounded-full bg-gradient-to-r from-indigo-500/0 via-indigo-400 to-indigo-500/0 motion-reduce:w-full motion-reduce:opacity-40" />
      </div>
    );
  }
  const share = (count: number) => (total > 0 ? Math.min(100, (count / total) * 100) : 0);
  const doneShare = share(done);
  const failedShare = Math.min(100 - doneShare, share(failed));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={Math.min(total, done + failed)}
      data-testid={testId}
      data-mode="determinate"
      data-percent={Math.round(doneShare + failedShare)}
      className={`${track} flex`}
    >
      <div className="h-full bg-emerald-500 transition-[width] duration-500 motion-reduce:transition-none" style={{ width: `${doneShare}%` }} />
      <div className="h-full bg-rose-500 transition-[width] duration-500 motion-reduce:transition-none" style={{ width: `${failedShare}%` }} />
    </div>
  );
}
