"""The Django test application, driven by Django's test clients (sync and async).

The "without" side runs the same settings with the adapter left out of MIDDLEWARE.
"""

from __future__ import annotations

import asyncio
import os

os.environ["DJANGO_SETTINGS_MODULE"] = "django_settings"

import django
from django.conf import settings
from django.test import AsyncClient, Client, override_settings
from driver import BODY, COOKIE, HEADER, QUERY, Seen, emit, start_reporting, streamed

ASYNC_CASES = {"async-crash", "async-stream"}
CASES = [
    "crash",
    "async-crash",
    "http404",
    "permission-denied",
    "suspicious",
    "bad-request",
    "user-expected",
    "stream",
    "async-stream",
    "middleware",
    "no-such-route",
]


async def drive_async(case: str) -> Seen:
    client = AsyncClient(raise_request_exception=False, headers=dict([HEADER]))
    client.cookies[COOKIE[0]] = COOKIE[1]
    response = await client.post(f"/{case}?{QUERY}", data=BODY, content_type="text/plain")
    if not response.streaming:
        return [response.status_code, response.content.decode(), None]
    received: list[str] = []
    try:
        async for chunk in response.streaming_content:
            received.append(chunk.decode())
    except Exception as error:
        return [response.status_code, "".join(received), type(error).__name__]
    return [response.status_code, "".join(received), None]


def drive_sync(case: str) -> Seen:
    client = Client(raise_request_exception=False, headers=dict([HEADER]))
    client.cookies[COOKIE[0]] = COOKIE[1]
    response = client.post(f"/{case}?{QUERY}", data=BODY, content_type="text/plain")
    if not response.streaming:
        return [response.status_code, response.content.decode(), None]
    return [response.status_code, *streamed(response.streaming_content)]


def drive(case: str, with_adapter: bool) -> Seen:
    middleware = settings.MIDDLEWARE if with_adapter else settings.MIDDLEWARE[1:]
    with override_settings(MIDDLEWARE=middleware):
        if case in ASYNC_CASES:
            return asyncio.run(drive_async(case))
        return drive_sync(case)


django.setup()
start_reporting()
emit(CASES, drive)
