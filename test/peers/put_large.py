"""PUT a large body with Python's http.client, which writes the whole body before it reads the answer.

Usage: put_large.py PORT PATH SIZE HEADERS_JSON COUNT
Prints one line per attempt: the status code, or the exception (e.g. BrokenPipeError) when the
server closed the connection in a way that lost the answer.
"""
import http.client
import json
import sys

port, path, size, headers, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4]), int(sys.argv[5])
body = b"a" * size
for _ in range(count):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("PUT", path, body=body, headers=headers)
        print(conn.getresponse().status)
        conn.close()
    except Exception as error:  # the point of the test: which error, if any
        print(type(error).__name__)
