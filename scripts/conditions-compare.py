#!/usr/bin/env python3
"""Measurement client for scripts/conditions-compare.sh: one subcommand per
figure, each printing one line of key=value pairs. Loopback only."""
import socket
import statistics
import sys
import threading
import time

MiB = 1 << 20


def addr(s):
    host, port = s.rsplit(":", 1)
    return host, int(port)


def dial(a):
    c = socket.create_connection(addr(a), timeout=30)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return c


def recv_exact(c, n):
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = c.recv_into(view[got:])
        if k == 0:
            raise EOFError("connection closed after %d of %d bytes" % (got, n))
        got += k
    return bytes(buf)


def rtt(a, rounds, conns=1):
    """Median round trip of a 64-byte ping-pong, in ms, over rounds per
    connection; the first round of each connection is left out (handshake)."""
    samples = []
    msg = bytes(range(64))
    for _ in range(conns):
        c = dial(a)
        for i in range(rounds + 1):
            t = time.perf_counter()
            c.sendall(msg)
            if recv_exact(c, 64) != msg:
                raise SystemExit("echo came back different")
            if i:
                samples.append((time.perf_counter() - t) * 1000)
        c.close()
    print("median_ms=%.3f n=%d" % (statistics.median(samples), len(samples)))


def echo(a, total, half_close):
    """Write total bytes and read the echo; with half_close, shut the write
    side after the last byte and read until end of stream."""
    c = dial(a)
    c.settimeout(60)
    chunk = bytes(i & 0xFF for i in range(256 * 1024))
    err = []

    def writer():
        try:
            left = total
            while left > 0:
                n = min(left, len(chunk))
                c.sendall(chunk[:n])
                left -= n
            if half_close:
                c.shutdown(socket.SHUT_WR)
        except OSError as e:
            err.append(str(e))

    t0 = time.perf_counter()
    w = threading.Thread(target=writer)
    w.start()
    buf = bytearray(256 * 1024)
    got = 0
    try:
        while half_close or got < total:
            k = c.recv_into(buf)
            if k == 0:
                break
            got += k
    except OSError as e:
        err.append(str(e))
    dt = time.perf_counter() - t0
    c.close()
    w.join(60)
    print("bytes=%d short=%d seconds=%.3f MiBps=%.1f%s" % (
        got, total - got, dt, got / MiB / dt, " error=" + repr(err[0]) if err else ""))


def rate(a, seconds):
    """Bytes per second coming back through an echo over seconds, counted
    from the first byte back."""
    c = dial(a)
    c.settimeout(30)
    chunk = b"x" * 65536
    stop = threading.Event()

    def writer():
        try:
            while not stop.is_set():
                c.sendall(chunk)
        except OSError:
            pass

    w = threading.Thread(target=writer, daemon=True)
    w.start()
    buf = bytearray(65536)
    got = c.recv_into(buf)
    t0 = time.perf_counter()
    got = 0
    while True:
        k = c.recv_into(buf)
        if k == 0:
            break
        now = time.perf_counter()
        if now - t0 >= seconds:
            break
        got += k
    dt = time.perf_counter() - t0
    stop.set()
    c.close()
    print("KBps=%.1f seconds=%.2f" % (got / 1000 / dt, dt))


def udploss(a, count):
    """Send count numbered datagrams in batches of 100 through a UDP echo
    and print which came back."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.connect(addr(a))
    seen = set()
    for base in range(0, count, 100):
        for i in range(base, min(base + 100, count)):
            s.send(b"%08d" % i)
        # A batch is done when nothing more arrives for 100 ms: the lost
        # ones never will.
        s.settimeout(0.1)
        try:
            while True:
                seen.add(int(s.recv(64)))
        except socket.timeout:
            pass
    lost = sorted(set(range(count)) - seen)
    print("sent=%d lost=%d loss_pct=%.2f lost_ids=%s" % (
        count, len(lost), 100 * len(lost) / count, ",".join(map(str, lost))))


def main():
    cmd, a = sys.argv[1], sys.argv[2]
    if cmd == "rtt":
        rtt(a, int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    elif cmd == "echo":
        echo(a, int(sys.argv[3]) * MiB, False)
    elif cmd == "halfclose":
        echo(a, int(sys.argv[3]) * MiB, True)
    elif cmd == "rate":
        rate(a, float(sys.argv[3]))
    elif cmd == "udploss":
        udploss(a, int(sys.argv[3]))
    else:
        raise SystemExit("unknown command " + cmd)


if __name__ == "__main__":
    main()
