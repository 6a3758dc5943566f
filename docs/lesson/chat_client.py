import socket
import sys
import threading

HOST = '127.0.0.1'  # The chat server's hostname or IP address
PORT = 65432        # The port used by the server


def receive(s):
    # Runs in its own thread: print what the others say, until the server closes
    data = s.recv(1024)
    while data:  # An empty read means the server closed the connection
        print('Received', repr(data))
        data = s.recv(1024)


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    threading.Thread(target=receive, args=(s,), daemon=True).start()
    for line in sys.stdin:  # Each line typed is sent to the server
        s.sendall(line.encode())
