import socket
import sys
import threading

HOST = '127.0.0.1'  # The chat server's hostname or IP address
PORT = 65432        # The port used by the server


def receive(s):
    # Runs in its own thread: print what the others say, until the server closes
    while True:
        data = s.recv(1024)
        if not data:
            break
        print('Received', repr(data))


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    threading.Thread(target=receive, args=(s,), daemon=True).start()
    for line in sys.stdin:  # Each line typed is sent to the server
        s.sendall(line.encode())
