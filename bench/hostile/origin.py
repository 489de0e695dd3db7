"""A hostile origin on 127.0.0.1: raw sockets, so it can send what no well-behaved server would.
Paths: /deep/N, /wide/N, /charset/<where>/<label>, /short, /overflow/N, /encoding/<name>, /ctype/<n>, /robots.txt (404),
/rshort/... (a site whose robots.txt is cut short). Run: python3 origin.py PORT"""
import socket, sys, threading, urllib.parse

PAGE = "<html><head><title>Hostile origin</title></head><body><article><p>Grüße aus Zürich, a story long enough to keep.</p></article></body></html>"
CTYPES = ["text/html, application/json", "text/html; charset=utf-7", "text/html;;;", "TEXT/HTML; CHARSET=\"utf-8\"", "text/html; charset=\"\xff\xfe\"",
          "text/html; charset=x-no-such", "*/*", "text/html; boundary=\"a,b\"", "text/html\tcharset=utf-8", "application/xhtml+xml; charset=latin1"]

def deep(n):
    return ("<html><body>" + "<div>" * n + "<p>deep text survives</p>" + "</div>" * n + "</body></html>").encode()

def response(path):
    parts = urllib.parse.unquote(path).split("?")[0].strip("/").split("/")
    ok = lambda body, ctype="text/html; charset=utf-8", extra="": (
        f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n{extra}Connection: close\r\n\r\n".encode("latin-1") + body)
    head = parts[0]
    if head == "robots.txt":
        return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    if head == "deep":
        return ok(deep(int(parts[1])))
    if head == "wide":
        return ok(("<html><body><article>" + "<p>w</p>" * int(parts[1]) + "</article></body></html>").encode())
    if head == "charset":
        where, label = parts[1], parts[2]
        body = PAGE.replace("<head>", f"<head><meta charset=\"{label}\">") if where == "meta" else PAGE
        return ok(body.encode("utf-8"), f"text/html; charset={label}" if where == "header" else "text/html")
    if head == "utf16":
        return ok(PAGE.encode("utf-16-le"), "text/html; charset=utf-16")
    if head == "short":
        return b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n<html"
    if head == "overflow":
        filler = "".join(f"X-Filler-{i}: {'a' * 40}\r\n" for i in range(int(parts[1])))
        return ok(PAGE.encode(), extra=filler)
    if head == "encoding":
        return ok(PAGE.encode(), extra=f"Content-Encoding: {parts[1]}\r\n")
    if head == "ctype":
        return ok(PAGE.encode(), CTYPES[int(parts[1]) % len(CTYPES)])
    return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"

def serve(conn):
    with conn:
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            conn.sendall(response(data.split(b" ")[1].decode("latin-1")))
            conn.shutdown(socket.SHUT_WR)
        except OSError:
            pass

def main(port):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(256)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()

if __name__ == "__main__":
    main(int(sys.argv[1]))
