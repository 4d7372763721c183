"""A Modbus cabinet made with pymodbus's server (not Cycler's code), laid out by a Cycler register
map, for Cycler's driver to run a recipe on. Each channel answers its setpoints the simplest way:
in CC (and CC-CV) the measured current is the setpoint, otherwise 0; the voltage stays at 3.7 V and
the temperature at 25 degC. Every setpoint block written is printed as one line:
    setpoint ch=1 mode=cc current=1.000000 voltage=0.000000 power=0.000000 resistance=0.000000

usage: serve_profile.py PROFILE CHANNELS
Prints "port N" once listening on 127.0.0.1:N, then serves until killed."""
import socket
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartTcpServer

from register_map import RegisterMap

SIZE = 0x10000
VOLTAGE_V = 3.7
TEMPERATURE_C = 25.0


def main():
    m = RegisterMap(sys.argv[1])
    channels = int(sys.argv[2])
    inputs = ModbusSequentialDataBlock(0, [0] * SIZE)
    first, span = m.setpoint_span()

    def measure(channel, current):
        values = {"voltage": VOLTAGE_V, "current": current, "temperature": TEMPERATURE_C, "status": 0}
        table = inputs if m.measured_table == "input" else holding
        for name, reg in m.measured.items():
            ModbusSequentialDataBlock.setValues(table, m.block(channel) + reg.offset, reg.encode(values[name]))

    class Holding(ModbusSequentialDataBlock):
        def setValues(self, address, values):
            super().setValues(address, values)
            if not isinstance(values, list) or len(values) < 1:
                return
            end = address + len(values)
            for ch in range(1, channels + 1):
                start = m.block(ch) + first
                if start < end and address < start + span:
                    mode, sp = m.read_setpoints(self.getValues(start, span))
                    print("setpoint ch=%d mode=%s %s" % (ch, mode, " ".join(
                        "%s=%.6f" % (k, sp[k]) for k in ("current", "voltage", "power", "resistance"))), flush=True)
                    measure(ch, sp["current"] if mode in ("cc", "cccv") else 0.0)

    holding = Holding(0, [0] * SIZE)
    if m.count_register is not None:
        table = inputs if m.count_table == "input" else holding
        ModbusSequentialDataBlock.setValues(table, m.count_register.offset, m.count_register.encode(channels))
    for ch in range(1, channels + 1):
        measure(ch, 0.0)
    context = ModbusServerContext(slaves={m.unit: ModbusSlaveContext(hr=holding, ir=inputs, zero_mode=True)}, single=False)

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    print("port %d" % port, flush=True)
    StartTcpServer(context=context, address=("127.0.0.1", port))


if __name__ == "__main__":
    main()
