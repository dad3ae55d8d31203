SELECT password_hash, password_source, password_version FROM auth_owner WHERE id = 1
