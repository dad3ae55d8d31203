"""CancelOnce: a block cancelled once, quietly, whenever the cancellation comes or its time runs
out; SideTasks: tasks cancelled that way when the block they run beside ends."""

from __future__ import annotations

import asyncio

import anyio
import pytest

from mhc.services.cancel_once import CancelOnce, SideTasks


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


async def test_a_block_that_outlasts_its_time_ends_quietly_and_is_cut_short() -> None:
    block = CancelOnce(within=0.01)
    reached_the_end = False

    async with block:
        await asyncio.sleep(30)
        reached_the_end = True

    assert not reached_the_end
    assert block.cut_short
    assert not block.cancelled


async def test_a_block_done_in_time_is_not_cut_short() -> None:
    async with CancelOnce(within=30) as block:
        await asyncio.sleep(0)

    assert not block.cut_short


async def test_a_block_out_of_time_is_cancelled_once_so_its_clean_up_can_await() -> None:
    cleaned_up = False

    async with CancelOnce(within=0.01) as block:
        try:
            await asyncio.sleep(30)
        finally:
            await asyncio.sleep(0.05)
            cleaned_up = True

    assert cleaned_up
    assert block.cut_short


async def test_a_block_told_to_end_in_a_while_is_cut_short_then() -> None:
    block = CancelOnce(within=30)

    async def run() -> None:
        async with block:
            await asyncio.sleep(30)

    running = asyncio.create_task(run())
    await asyncio.sleep(0)
    block.cancel_after(0.01)
    await asyncio.wait_for(running, 5)

    assert block.cut_short


async def test_a_block_told_to_end_in_a_while_before_it_runs_is_cut_short_that_long_after() -> None:
    block = CancelOnce()
    block.cancel_after(0.01)

    async with block:
        await asyncio.sleep(30)

    assert block.cut_short


async def test_a_later_end_never_extends_a_block_s_time() -> None:
    async with CancelOnce(within=0.01) as block:
        block.cancel_after(30)
        await asyncio.sleep(30)

    assert block.cut_short


async def test_tasks_beside_a_block_are_cancelled_once_when_it_ends() -> None:
    steps: list[str] = []

    async def loop(name: str) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await asyncio.sleep(0.01)
            steps.append(f"{name} cleaned up")

    async with SideTasks() as beside:
        beside.start_soon(loop, "first")
        beside.start_soon(loop, "second")
        await asyncio.sleep(0.02)
        steps.append("block ended")

    assert steps[0] == "block ended"
    assert sorted(steps[1:]) == ["first cleaned up", "second cleaned up"]


async def test_a_task_that_catches_its_cancellation_is_cancelled_for_good_after_the_grace() -> None:
    caught = 0

    async def stubborn() -> None:
        nonlocal caught
        while True:
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                caught += 1
                if caught > 1:
                    raise

    with anyio.fail_after(5):
        async with SideTasks(grace=0.05) as beside:
            beside.start_soon(stubborn)
            await asyncio.sleep(0)

    assert caught == 2


async def test_a_failing_block_ends_its_tasks_and_its_error_goes_on_as_a_task_group_s() -> None:
    ended = False

    async def loop() -> None:
        nonlocal ended
        try:
            await asyncio.sleep(30)
        finally:
            ended = True

    async def failing() -> None:
        async with SideTasks() as beside:
            beside.start_soon(loop)
            await asyncio.sleep(0)
            raise ValueError("the block failed")

    with pytest.raises(ExceptionGroup) as raised:
        await failing()

    assert raised.group_contains(ValueError, match="the block failed")
    assert ended
