"""Settings come from the environment and a .env file, and every problem is reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from mhc.domain.errors import ConfigurationError
from mhc.entrypoints.settings import ENV_NAMES, PRODUCTION_URLS, Settings, load_settings


def test_defaults_point_at_production_services_when_environment_is_empty() -> None:
    settings = load_settings({}, env_file=None)

    assert settings.broadcaster == "hudson_cage"
    assert settings.excluded_usernames == ("smk_lover",)
    assert settings.database_url is None
    assert settings.cb_events_base_url == PRODUCTION_URLS["CB_EVENTS_BASE_URL"]
    assert settings.statbate_api_base_url == "https://plus.statbate.com/api"
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)


def test_values_are_parsed_when_set_in_the_environment() -> None:
    settings = load_settings(
        {
            "PORT": "9000",
            "RUN_MODE": "Worker",
            "MHC_EXCLUDED_USERNAMES": " @Smk_Lover, other_one ,,",
            "MHC_DATA_DIR": "/tmp/mhc-data",
            "STATBATE_API_BASE_URL": "http://127.0.0.1:8900/api/",
            "LOG_LEVEL": "debug",
        },
        env_file=None,
    )

    assert settings.port == 9000
    assert settings.run_mode == "worker"
    assert settings.excluded_usernames == ("smk_lover", "other_one")
    assert settings.data_dir == Path("/tmp/mhc-data")
    assert settings.statbate_api_base_url == "http://127.0.0.1:8900/api"
    assert settings.log_level == "DEBUG"


def test_every_problem_is_listed_when_configuration_is_invalid() -> None:
    with pytest.raises(ConfigurationError) as raised:
        load_settings(
            {
                "PORT": "eighty",
                "RUN_MODE": "batch",
                "DATABASE_URL": "mysql://nope",
                "CB_EVENTS_BASE_URL": "ftp://events",
                "MHC_CB_STATS_POLL_MINUTES": "0",
            },
            env_file=None,
        )

    problems = raised.value.problems
    assert len(problems) == 5
    message = str(raised.value)
    for name in (
        "PORT",
        "RUN_MODE",
        "DATABASE_URL",
        "CB_EVENTS_BASE_URL",
        "MHC_CB_STATS_POLL_MINUTES",
    ):
        assert name in message


def test_production_web_refuses_to_start_when_password_is_short_or_key_is_missing() -> None:
    with pytest.raises(ConfigurationError) as raised:
        load_settings(
            {"MHC_ENV": "production", "MHC_SECRET_KEY": "short", "MHC_ADMIN_PASSWORD": "hunter2"},
            env_file=None,
        )

    assert any("MHC_ADMIN_PASSWORD" in p and "12" in p for p in raised.value.problems)
    assert any("MHC_SECRET_KEY" in p for p in raised.value.problems)


def test_production_web_starts_without_a_password_when_the_setup_link_chooses_it() -> None:
    settings = load_settings({"MHC_ENV": "production", "MHC_SECRET_KEY": "k" * 32}, env_file=None)

    assert settings.admin_password is None


def test_production_worker_needs_no_password_when_run_mode_is_worker() -> None:
    settings = load_settings(
        {"MHC_ENV": "production", "RUN_MODE": "worker", "MHC_SECRET_KEY": "k" * 32},
        env_file=None,
    )

    assert settings.is_production


@pytest.mark.parametrize("mode", ["web", "worker", "migrate"])
def test_production_checks_apply_when_any_process_starts(mode: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        load_settings(
            {"MHC_ENV": "production", "RUN_MODE": mode, "MHC_ADMIN_PASSWORD": "eleven-char"},
            env_file=None,
        )

    assert any("MHC_SECRET_KEY" in p for p in raised.value.problems)
    assert any("MHC_ADMIN_PASSWORD" in p for p in raised.value.problems)


def test_secret_key_is_counted_in_bytes_when_production_checks_it() -> None:
    # 31 characters of which one takes two bytes in UTF-8: 32 bytes.
    settings = load_settings(
        {"MHC_ENV": "production", "MHC_SECRET_KEY": "é" + "k" * 30}, env_file=None
    )

    assert settings.secret_key is not None
    with pytest.raises(ConfigurationError):
        load_settings({"MHC_ENV": "production", "MHC_SECRET_KEY": "k" * 31}, env_file=None)


def test_max_open_streams_defaults_to_sixteen_and_is_bounded_when_set() -> None:
    assert load_settings({}, env_file=None).max_open_streams == 16
    assert load_settings({"MHC_MAX_OPEN_STREAMS": "64"}, env_file=None).max_open_streams == 64
    with pytest.raises(ConfigurationError, match="MHC_MAX_OPEN_STREAMS"):
        load_settings({"MHC_MAX_OPEN_STREAMS": "0"}, env_file=None)


def test_trusted_proxy_hops_may_be_zero_and_is_bounded_when_set() -> None:
    assert load_settings({"MHC_TRUSTED_PROXY_HOPS": "0"}, env_file=None).trusted_proxy_hops == 0
    assert load_settings({"MHC_TRUSTED_PROXY_HOPS": "2"}, env_file=None).trusted_proxy_hops == 2
    with pytest.raises(ConfigurationError):
        load_settings({"MHC_TRUSTED_PROXY_HOPS": "-1"}, env_file=None)
    with pytest.raises(ConfigurationError):
        load_settings({"MHC_TRUSTED_PROXY_HOPS": "11"}, env_file=None)


def test_public_url_comes_from_render_when_not_set() -> None:
    settings = load_settings(
        {"RENDER_EXTERNAL_URL": "https://mhc-web.onrender.com/"}, env_file=None
    )

    assert settings.public_url == "https://mhc-web.onrender.com"


def test_environment_wins_over_dotenv_file_when_both_set_a_value(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("MHC_BROADCASTER=from_file\nPORT=8123\n")

    settings = load_settings({"MHC_BROADCASTER": "from_env"}, env_file=env_file)

    assert settings.broadcaster == "from_env"
    assert settings.port == 8123


def test_secrets_lists_only_configured_secret_values() -> None:
    settings = load_settings(
        {"CB_EVENTS_TOKEN": "events-token-123", "STATBATE_API_TOKEN": "sb-token-456"},
        env_file=None,
    )

    assert set(settings.secrets) == {"events-token-123", "sb-token-456"}


def test_env_example_documents_every_variable() -> None:
    example = (Path(__file__).parents[2] / ".env.example").read_text()
    documented = {
        line.split("=", 1)[0]
        for line in example.splitlines()
        if "=" in line and not line.startswith("#")
    }

    assert documented == set(ENV_NAMES)
    assert set(ENV_NAMES.values()) <= set(Settings.__struct_fields__)
