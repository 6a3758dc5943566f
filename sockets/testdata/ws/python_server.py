# A WebSocket echo server on Python's websockets (Debian python3-websockets),
# for the interop tests: prints its port, echoes each message with its
# opcode, and prints how each client closed. Argument: cert and key files for wss.
import asyncio
import ssl
import sys

import websockets


async def echo(ws, path=None):
    try:
        async for m in ws:
            await ws.send(m)
    except websockets.ConnectionClosed:
        pass  # a close code other than 1000 or 1001 ends the loop this way
    print("closed", ws.close_code, ws.close_reason, flush=True)


async def main():
    ctx = None
    if len(sys.argv) > 2:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[1], sys.argv[2])
    async with websockets.serve(echo, "127.0.0.1", 0, ssl=ctx) as srv:
        print(srv.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


asyncio.run(main())
