"""The external services' contracts as we read them, and the drift noticed against them.

- `compare`: shapes (`Obj`, `Arr`, `Tagged`...), `EndpointContract` and the comparison.
- `findings`: one difference (`Finding`), its kinds, and the tally the drift log counts.
- `shapes`: every endpoint the panel reads, declared once.
- `examples`: payload examples safe to keep (secrets masked, size bounded).
- `report`: the readable drift report of the contract tests and `mhc contract check`.
"""
