"""Which S3 client for the S3 backend: aiobotocore (async) against boto3 in a thread pool.

`uv run python -m bench.s3_clients [--objects N] [--parallel P]` PUTs then lists then GETs N
small objects (8 KiB) on a moto server, P at a time, with each client in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
from aiobotocore.session import get_session
from botocore.config import Config

from tests.storage.servers.moto import moto_server

KEYS = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench", "region_name": "us-east-1"}
BODY = os.urandom(8192)


def boto3_run(url: str, bucket: str, count: int, parallel: int) -> dict[str, float]:
    client = boto3.client("s3", endpoint_url=url, config=Config(max_pool_connections=parallel), **KEYS)
    times: dict[str, float] = {}
    with ThreadPoolExecutor(parallel) as pool:
        started = time.perf_counter()
        list(pool.map(lambda i: client.put_object(Bucket=bucket, Key=f"k{i:06d}", Body=BODY), range(count)))
        times["put"] = time.perf_counter() - started
        started = time.perf_counter()
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        listed = sum(len(page.get("Contents", [])) for page in pages)
        times["list"] = time.perf_counter() - started
        assert listed == count
        started = time.perf_counter()
        list(pool.map(lambda i: client.get_object(Bucket=bucket, Key=f"k{i:06d}")["Body"].read(), range(count)))
        times["get"] = time.perf_counter() - started
    return times


async def aiobotocore_run(url: str, bucket: str, count: int, parallel: int) -> dict[str, float]:
    gate = asyncio.Semaphore(parallel)
    times: dict[str, float] = {}
    config = Config(max_pool_connections=parallel)
    async with get_session().create_client("s3", endpoint_url=url, config=config, **KEYS) as client:

        async def put(i: int) -> None:
            async with gate:
                await client.put_object(Bucket=bucket, Key=f"k{i:06d}", Body=BODY)

        async def get(i: int) -> None:
            async with gate:
                response = await client.get_object(Bucket=bucket, Key=f"k{i:06d}")
                async with response["Body"] as body:
                    await body.read()

        started = time.perf_counter()
        await asyncio.gather(*(put(i) for i in range(count)))
        times["put"] = time.perf_counter() - started
        started = time.perf_counter()
        listed, params = 0, {"Bucket": bucket}
        while True:
            page: dict[str, Any] = await client.list_objects_v2(**params)
            listed += len(page.get("Contents", []))
            if not page.get("IsTruncated"):
                break
            params["ContinuationToken"] = page["NextContinuationToken"]
        times["list"] = time.perf_counter() - started
        assert listed == count
        started = time.perf_counter()
        await asyncio.gather(*(get(i) for i in range(count)))
        times["get"] = time.perf_counter() - started
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=1000)
    parser.add_argument("--parallel", type=int, default=16)
    args = parser.parse_args()
    with moto_server() as url:
        admin = boto3.client("s3", endpoint_url=url, **KEYS)
        for name in ("threads", "async"):
            admin.create_bucket(Bucket=name)
        threaded = boto3_run(url, "threads", args.objects, args.parallel)
        native = asyncio.run(aiobotocore_run(url, "async", args.objects, args.parallel))
    print(f"{args.objects} x 8 KiB objects, {args.parallel} at a time, moto S3 on loopback")
    for step in ("put", "list", "get"):
        ratio = native[step] / threaded[step]
        print(
            f"  {step:4}  aiobotocore {native[step]:.2f} s | boto3+threads {threaded[step]:.2f} s"
            f" | ratio {ratio:.2f}"
        )


if __name__ == "__main__":
    main()
