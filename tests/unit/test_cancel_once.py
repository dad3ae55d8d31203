"""CancelOnce: a block cancelled once, quietly, whenever the cancellation comes."""

from __future__ import annotations

import asyncio

import pytest

from mhc.adapters.cancel_once import CancelOnce


async def test_a_running_block_ends_quietly_when_cancelled() -> None:
    block = CancelOnce()
    reached_the_end = False

    async def run() -> None:
        nonlocal reached_the_end
        async with block:
            await asyncio.sleep(30)
            reached_the_end = True

    running = asyncio.create_task(run())
    await asyncio.sleep(0)
    block.cancel()
    await asyncio.wait_for(running, 5)

    assert not reached_the_end


async def test_a_block_cancelled_before_it_runs_ends_at_its_first_wait() -> None:
    block = CancelOnce()
    block.cancel()
    steps: list[str] = []

    async with block:
        steps.append("before the wait")
        await asyncio.sleep(30)
        steps.append("after the wait")

    assert steps == ["before the wait"]


async def test_the_cancellation_comes_once_so_the_clean_up_it_starts_can_await() -> None:
    block = CancelOnce()
    cleaned_up = False

    async def run() -> None:
        nonlocal cleaned_up
        async with block:
            try:
                await asyncio.sleep(30)
            finally:
                await asyncio.sleep(0.01)
                cleaned_up = True

    running = asyncio.create_task(run())
    await asyncio.sleep(0)
    block.cancel()
    block.cancel()
    await asyncio.wait_for(running, 5)

    assert cleaned_up


async def test_cancelling_a_block_that_has_ended_changes_nothing() -> None:
    block = CancelOnce()
    async with block:
        await asyncio.sleep(0)

    block.cancel()
    await asyncio.sleep(0.01)

    assert block.cancelled


async def test_a_timeout_of_the_block_s_own_goes_on() -> None:
    async def run() -> None:
        async with CancelOnce(), asyncio.timeout(0.01):
            await asyncio.sleep(30)

    with pytest.raises(TimeoutError):
        await run()


async def test_the_task_s_own_cancellation_goes_on() -> None:
    async def run() -> None:
        async with CancelOnce():
            await asyncio.sleep(30)

    running = asyncio.create_task(run())
    await asyncio.sleep(0)
    running.cancel()

    with pytest.raises(asyncio.CancelledError):
        await running
