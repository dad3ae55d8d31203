"""Person and session analysis: pure scoring over aggregates, every insight citing evidence."""
