-- For the rest of this transaction only: aggregation over a person's whole history is a few
-- large hash tables, which must not spill to disk, and a plan that JIT compilation would cost
-- more to compile than to run. No parallel workers: the pass reads one person's rows, the two
-- statements already run side by side, and a branch planned as a constant false (the
-- activity's fold of rows when its groups are kept) would still start workers to do nothing.
SELECT set_config('work_mem', '32MB', true), set_config('jit', 'off', true),
       set_config('max_parallel_workers_per_gather', '0', true)
