"""Request and response bodies of the HTTP API, one module per controller module
(`controllers/people.py` -> `schemas/people.py`), shapes shared by several in `common`."""
