"""A Cycler Modbus register map (docs/devices.md, "Modbus") read in Python, apart from the Java
reader: offsets, types, scales and word orders, and values to and from registers."""
import struct

import yaml

WIDTH = {"int16": 1, "uint16": 1, "int32": 2, "uint32": 2, "float32": 2}


class Register:
    def __init__(self, spec, default_order):
        self.offset = int(spec["offset"])
        self.type = spec["type"]
        self.scale = float(spec.get("scale", 1))
        self.order = spec.get("word-order", default_order)
        self.width = WIDTH[self.type]

    def _words(self, bits32):
        high, low = (bits32 >> 16) & 0xFFFF, bits32 & 0xFFFF
        return [high, low] if self.order == "high-first" else [low, high]

    def decode(self, words):
        """The SI value held by the register's words (unsigned 16-bit each)."""
        if self.width == 1:
            raw = words[0]
            if self.type == "int16" and raw >= 0x8000:
                raw -= 0x10000
            return raw / self.scale
        first, second = words[0], words[1]
        bits = (first << 16 | second) if self.order == "high-first" else (second << 16 | first)
        if self.type == "float32":
            return struct.unpack(">f", struct.pack(">I", bits))[0] / self.scale
        if self.type == "int32" and bits >= 0x80000000:
            bits -= 0x100000000
        return bits / self.scale

    def encode(self, value):
        scaled = value * self.scale
        if self.type == "float32":
            return self._words(struct.unpack(">I", struct.pack(">f", scaled))[0])
        raw = int(round(scaled))
        if self.width == 1:
            return [raw & 0xFFFF]
        return self._words(raw & 0xFFFFFFFF)


class RegisterMap:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        order = doc.get("word-order", "high-first")
        self.unit = int(doc.get("unit-id", 1))
        self.manufacturer = doc["manufacturer"]
        self.model = doc["model"]
        count = doc["channel-count"]
        self.fixed_count = count if isinstance(count, int) else None
        self.count_register = None if self.fixed_count else Register(
            {"offset": count["address"], "type": count["type"]}, count.get("word-order", order))
        self.count_table = None if self.fixed_count else count["table"]
        self.base = int(doc["channels"]["base"])
        self.stride = int(doc["channels"]["stride"])
        self.setpoints = {k: Register(v, order) for k, v in doc["setpoints"].items()}
        measured = dict(doc["measured"])
        self.measured_table = measured.pop("table", "input")
        self.measured = {k: Register(v, order) for k, v in measured.items()}
        self.modes = {k: int(v) for k, v in doc["modes"].items()}
        self.status_bits = {k: int(v) for k, v in doc.get("status-bits", {}).items()}

    def block(self, channel):
        """First register of a 1-based channel's block."""
        return self.base + (channel - 1) * self.stride

    def setpoint_span(self):
        first = min(r.offset for r in self.setpoints.values())
        end = max(r.offset + r.width for r in self.setpoints.values())
        return first, end - first

    def setpoint_block(self, mode, **values):
        """The words of one channel's setpoint block: the mode code and the named setpoints (SI)."""
        first, span = self.setpoint_span()
        words = [0] * span
        for name, value in [("mode", self.modes[mode])] + list(values.items()):
            reg = self.setpoints[name]
            words[reg.offset - first:reg.offset - first + reg.width] = reg.encode(value)
        return first, words

    def read_setpoints(self, words):
        """Mode name and setpoints (SI) from the words of one channel's setpoint block."""
        first, _ = self.setpoint_span()
        values = {name: reg.decode(words[reg.offset - first:reg.offset - first + reg.width])
                  for name, reg in self.setpoints.items()}
        code = int(values.pop("mode"))
        mode = next((m for m, c in self.modes.items() if c == code), "unknown-%d" % code)
        return mode, values
