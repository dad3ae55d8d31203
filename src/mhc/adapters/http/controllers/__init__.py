"""One Litestar controller per resource; every operation has a stable `operation_id`."""
