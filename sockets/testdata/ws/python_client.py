# A WebSocket client on Python's websockets: sends a text and a binary
# message, prints what comes back with its opcode, closes with code 4001.
# Arguments: URL, and for wss the CA file to trust.
import asyncio
import ssl
import sys

import websockets


async def main():
    ctx = None
    if len(sys.argv) > 2:
        ctx = ssl.create_default_context(cafile=sys.argv[2])
    async with websockets.connect(sys.argv[1], ssl=ctx, subprotocols=["chat"]) as ws:
        print("subprotocol", ws.subprotocol, flush=True)
        await ws.send("hello from python")
        m = await asyncio.wait_for(ws.recv(), 10)
        print("text" if isinstance(m, str) else "binary", m, flush=True)
        await ws.send(b"\x00\x01\xfe")
        m = await asyncio.wait_for(ws.recv(), 10)
        print("text" if isinstance(m, str) else "binary", m.hex(), flush=True)
        await ws.close(4001, "python done")


asyncio.run(main())
