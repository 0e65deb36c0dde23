"""Writing TensorBoard event files without tensorboard: CRC32C framing and the protobuf wire format.

Shared by bench/tensorboard/gen_events.py and fuzz/make_tensorboard_seeds.py. A record is a uint64
length, the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of the data.
"""
import struct


def _table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
        table.append(crc)
    return table


TABLE = _table()


def crc32c(data):
    crc = 0xFFFFFFFF
    table = TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def record(data):
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", masked(crc32c(length))) + data + struct.pack("<I", masked(crc32c(data)))


def varint(value):
    """A protobuf varint; a negative int64 as its 10-byte two's complement."""
    out = bytearray()
    value &= (1 << 64) - 1
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def key(field, wire):
    return varint(field << 3 | wire)


def field_bytes(field, data):
    return key(field, 2) + varint(len(data)) + data


def field_varint(field, value):
    return key(field, 0) + varint(value)


def field_double(field, value):
    return key(field, 1) + struct.pack("<d", value)


def field_float(field, value):
    return key(field, 5) + struct.pack("<f", value)
