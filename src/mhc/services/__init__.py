"""Use cases: async services that own a transaction, over the ports only.

Each module also offers its core steps as functions taking an open unit of work, so a
caller with its own transaction (the events worker, the lookup) can compose them.
"""
