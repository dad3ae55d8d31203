DELETE FROM auth_sessions
