SELECT * FROM contract_drift ORDER BY id
