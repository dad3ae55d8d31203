SELECT count(*) FROM contract_drift
