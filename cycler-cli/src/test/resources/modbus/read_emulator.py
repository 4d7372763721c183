"""pymodbus (a Modbus client the project did not write) reads and drives Cycler's Modbus emulator
by the register map alone: channel count, every channel's readings, a setpoint written with
function 16 read back with function 3, and the cell answering it.

usage: read_emulator.py HOST PORT PROFILE CHANNELS
Prints one line per check and ALL CHECKS PASSED; exits 1 at the first failed check."""
import sys
import time

from pymodbus.client import ModbusTcpClient

from register_map import RegisterMap


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        sys.exit(1)


def registers(reply, what):
    check(not reply.isError(), what + " answers without an exception")
    return reply.registers


def main():
    host, port, profile, channels = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    m = RegisterMap(profile)
    client = ModbusTcpClient(host, port=port, timeout=5)
    check(client.connect(), "connects to %s:%d" % (host, port))
    reader = client.read_input_registers if m.count_table == "input" else client.read_holding_registers
    words = registers(reader(m.count_register.offset, m.count_register.width, slave=m.unit), "the channel-count register")
    check(int(m.count_register.decode(words)) == channels, "the device has %d channels" % channels)

    read = client.read_input_registers if m.measured_table == "input" else client.read_holding_registers
    first = min(r.offset for r in m.measured.values())
    span = max(r.offset + r.width for r in m.measured.values()) - first

    def readings(channel):
        w = registers(read(m.block(channel) + first, span, slave=m.unit), "channel %d's readings" % channel)
        return {name: reg.decode(w[reg.offset - first:reg.offset - first + reg.width]) for name, reg in m.measured.items()}

    for ch in range(1, channels + 1):
        r = readings(ch)
        check(0.0 <= r["voltage"] <= 4.3, "channel %d rests at %.6f V (a fresh cell)" % (ch, r["voltage"]))
        check(r["current"] == 0.0, "channel %d carries no current" % ch)
        check(15.0 <= r["temperature"] <= 35.0, "channel %d is at %.3f degC" % (ch, r["temperature"]))
        check(int(r["status"]) == 0, "channel %d reports no fault" % ch)

    start, block = m.setpoint_block("cc", current=1.25)
    reply = client.write_registers(m.block(2) + start, block, slave=m.unit)
    check(not reply.isError(), "a CC setpoint of 1.25 A on channel 2 is accepted (function 16)")
    back = registers(client.read_holding_registers(m.block(2) + start, len(block), slave=m.unit), "channel 2's setpoints")
    mode, values = m.read_setpoints(back)
    check(mode == "cc" and abs(values["current"] - 1.25) < 1e-6, "the setpoint reads back as cc 1.25 A (function 3)")
    time.sleep(0.3)
    r = readings(2)
    check(abs(r["current"] - 1.25) < 1e-6, "channel 2 now charges at %.6f A" % r["current"])
    check(readings(1)["current"] == 0.0, "channel 1 still rests")

    start, block = m.setpoint_block("rest")
    check(not client.write_registers(m.block(2) + start, block, slave=m.unit).isError(), "rest is accepted")
    check(readings(2)["current"] == 0.0, "channel 2 rests again")
    bad = client.read_input_registers(0xFFF0, 100, slave=m.unit)
    check(bad.isError(), "a read beyond the address space is refused with an exception reply")
    client.close()
    print("ALL CHECKS PASSED", flush=True)


if __name__ == "__main__":
    main()
