"""Contract tests of the external services: the simulator always, the real services on demand."""
