"""Python's zlib.crc32 of each base64 line of stdin, one unsigned decimal per line: an independent CRC32."""
import base64
import sys
import zlib

for line in sys.stdin:
    print(zlib.crc32(base64.b64decode(line.strip())) & 0xFFFFFFFF)
