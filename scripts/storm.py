#!/usr/bin/env python3
"""Peers and probes for scripts/storm.sh; everything talks to 127.0.0.1 only.

  storm.py churn PORT RATE SECONDS      connect and reset (SO_LINGER 0) RATE times a second
  storm.py probe PORT SECONDS           echo 16 bytes every 50 ms; prints p50 and p99 in ms
  storm.py slowloris PORT PEERS SECONDS PEERS connections, each sending one byte a second
  storm.py menu X Y AREA TIMES          clicks (X, Y) on the X display TIMES times and prints
                                        how long until the pixels of AREA (WxH+X+Y) change, in ms

Each prints one line of figures on stdout (key=value), errors on stderr.
"""
import ctypes
import ctypes.util
import selectors
import socket
import statistics
import struct
import sys
import time

HOST = "127.0.0.1"


def churn(port, rate, seconds):
    start = time.monotonic()
    n = failed = 0
    linger = struct.pack("ii", 1, 0)
    while True:
        due = start + n / rate
        if due - start >= seconds:
            break
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        s.settimeout(2)
        try:
            s.connect((HOST, port))
        except OSError:
            failed += 1
        s.close()  # with SO_LINGER 0: a reset
        n += 1
    took = time.monotonic() - start
    print(f"connections={n} failed={failed} seconds={took:.1f} rate={n / took:.1f}")


def probe(port, seconds):
    s = socket.create_connection((HOST, port), timeout=2)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    msg = b"probe-0123456789"[:16]
    rtts = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.perf_counter()
        s.sendall(msg)
        got = b""
        while len(got) < len(msg):
            chunk = s.recv(len(msg) - len(got))
            if not chunk:
                raise SystemExit("probe: the server closed the connection")
            got += chunk
        rtts.append((time.perf_counter() - t0) * 1000)
        if got != msg:
            raise SystemExit(f"probe: echoed {got!r}; want {msg!r}")
        time.sleep(0.05)
    s.close()
    rtts.sort()
    p99 = rtts[min(len(rtts) - 1, int(len(rtts) * 0.99))]
    over = sum(1 for r in rtts if r >= 2)
    print(f"probes={len(rtts)} p50_ms={statistics.median(rtts):.3f} p99_ms={p99:.3f} max_ms={rtts[-1]:.3f} over_2ms={over}")


def slowloris(port, peers, seconds):
    sel = selectors.DefaultSelector()
    conns = []
    for _ in range(peers):
        s = socket.create_connection((HOST, port), timeout=2)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        conns.append(s)
    sent = echoed = 0
    end = time.monotonic() + seconds
    next_tick = time.monotonic()
    while time.monotonic() < end:
        if time.monotonic() >= next_tick:
            for s in conns:
                try:
                    s.send(b"x")
                    sent += 1
                except BlockingIOError:
                    pass
            next_tick += 1
        for key, _ in sel.select(timeout=max(0, min(0.1, next_tick - time.monotonic()))):
            try:
                echoed += len(key.fileobj.recv(4096))
            except BlockingIOError:
                pass
    for s in conns:
        s.close()
    print(f"peers={peers} sent={sent} echoed={echoed}")


class XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int), ("format", ctypes.c_int),
                ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
                ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
                ("bytes_per_line", ctypes.c_int)]


def menu(x, y, area, times):
    x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
    xtst = ctypes.CDLL(ctypes.util.find_library("Xtst"))
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XGetImage.restype = ctypes.POINTER(XImage)
    x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                              ctypes.c_ulong, ctypes.c_int]
    x11.XStringToKeysym.restype = ctypes.c_ulong
    x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XFree.argtypes = [ctypes.c_void_p]
    x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
    x11.XKeysymToKeycode.restype = ctypes.c_ubyte
    xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
    for f in (xtst.XTestFakeButtonEvent, xtst.XTestFakeKeyEvent):
        f.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    dpy = x11.XOpenDisplay(None)
    if not dpy:
        raise SystemExit("menu: cannot open the X display")
    root = x11.XDefaultRootWindow(dpy)
    size, _, off = area.partition("+")
    w, h = (int(v) for v in size.split("x"))
    ax, ay = (int(v) for v in off.split("+"))
    escape = x11.XKeysymToKeycode(dpy, x11.XStringToKeysym(b"Escape"))

    def grab():
        img = x11.XGetImage(dpy, root, ax, ay, w, h, 0xFFFFFFFF, 2)
        data = ctypes.string_at(img.contents.data, img.contents.bytes_per_line * h)
        x11.XFree(img.contents.data)
        x11.XFree(img)
        return data

    def wait_until(pred, limit):
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            if pred(grab()):
                return True
            time.sleep(0.001)
        return False

    took = []
    for _ in range(times):
        closed = grab()
        xtst.XTestFakeMotionEvent(dpy, -1, x, y, 0)
        x11.XSync(dpy, 0)
        time.sleep(0.2)
        closed = grab()
        t0 = time.perf_counter()
        xtst.XTestFakeButtonEvent(dpy, 1, 1, 0)
        xtst.XTestFakeButtonEvent(dpy, 1, 0, 0)
        x11.XFlush(dpy)
        if not wait_until(lambda d: d != closed, 5):
            raise SystemExit("menu: the menu did not open within 5 s")
        took.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.2)
        xtst.XTestFakeKeyEvent(dpy, escape, 1, 0)
        xtst.XTestFakeKeyEvent(dpy, escape, 0, 0)
        x11.XFlush(dpy)
        if not wait_until(lambda d: d == closed, 5):
            raise SystemExit("menu: the menu did not close within 5 s")
        time.sleep(0.5)
    took.sort()
    print(f"opens={len(took)} median_ms={statistics.median(took):.1f} max_ms={took[-1]:.1f}")


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "churn":
        churn(int(args[0]), float(args[1]), float(args[2]))
    elif cmd == "probe":
        probe(int(args[0]), float(args[1]))
    elif cmd == "slowloris":
        slowloris(int(args[0]), int(args[1]), float(args[2]))
    elif cmd == "menu":
        menu(int(args[0]), int(args[1]), args[2], int(args[3]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
