-- For the rest of this transaction only: aggregation over a person's whole history is a few
-- large hash tables, which must not spill to disk, and a plan that JIT compilation would cost
-- more to compile than to run.
SELECT set_config('work_mem', '32MB', true), set_config('jit', 'off', true)
