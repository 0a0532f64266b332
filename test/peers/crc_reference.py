"""CRC-32C and CRC-64/NVME bit by bit, from their definitions (no crcmod, no awscrt): an independent reference.

stdin: one line per input, "<CRC32C|CRC64NVME> <base64 bytes>"; stdout: the CRC of each, in hex.
Reflected polynomials 0x82f63b78 (CRC-32C, iSCSI) and 0x9a6c9329ac4bc9b5 (CRC-64/NVME), initial value and final
XOR all ones, one bit a step.
"""
import base64
import sys

POLY = {"CRC32C": (0x82F63B78, 32), "CRC64NVME": (0x9A6C9329AC4BC9B5, 64)}


def crc(name: str, data: bytes) -> int:
    poly, width = POLY[name]
    mask = (1 << width) - 1
    state = mask
    for byte in data:
        state ^= byte
        for _ in range(8):
            state = (state >> 1) ^ poly if state & 1 else state >> 1
    return state ^ mask


for line in sys.stdin:
    name, _, payload = line.strip().partition(" ")
    width = POLY[name][1]
    print(format(crc(name, base64.b64decode(payload)), "0%dx" % (width // 4)))
