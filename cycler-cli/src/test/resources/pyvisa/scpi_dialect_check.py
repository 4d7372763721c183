"""Drives the Cycler device emulator with PyVISA (pure-Python backend, pyvisa-py): a SCPI client
written by other people, so the dialect of DESIGN section 9 is checked against a parser that is
not the project's own.

usage: scpi_dialect_check.py RESOURCE CHANNELS
  RESOURCE  TCPIP::127.0.0.1::5025::SOCKET  or  ASRL/dev/pts/3::INSTR
Prints one line per check and 'ALL CHECKS PASSED' at the end; exits 1 on the first failure.
"""
import sys

import pyvisa


def check(name, condition, detail=""):
    if not condition:
        print("FAIL %s %s" % (name, detail))
        sys.exit(1)
    print("ok   %s" % name)


def floats(text):
    return [float(x) for x in text.split(",")]


def main():
    resource, channels = sys.argv[1], int(sys.argv[2])
    rm = pyvisa.ResourceManager("@py")
    inst = rm.open_resource(resource)
    inst.read_termination = "\n"
    inst.write_termination = "\n"
    inst.timeout = 5000
    if resource.startswith("ASRL"):
        inst.baud_rate = 115200

    inst.write("*CLS")
    idn = inst.query("*IDN?").strip().split(",")
    check("*IDN? has four fields", len(idn) == 4, idn)
    check("*IDN? names the emulator model", idn[1] == "EMU-%d" % channels, idn)
    check("SYST:CHAN:COUN?", int(inst.query("SYST:CHAN:COUN?")) == channels)
    check("SYST:ERR? empty queue", inst.query("SYST:ERR?").strip() == '0,"No error"')

    inst.write("*RST")
    inst.write("SOUR:MODE CC,(@1:2)")
    inst.write("SOUR:CURR -1.5,(@1:2)")
    inst.write("OUTP ON,(@1:2)")
    inst.write("SOUR:MODE CCCV,(@3);SOUR:CURR 1.0,(@3);SOUR:VOLT 4.1,(@3);OUTP ON,(@3)")
    modes = inst.query("SOUR:MODE? (@1,2,3,4)").strip()
    check("modes set over a channel range and a ;-joined line", modes == "CC,CC,CCCV,REST", modes)
    check("no error after valid settings", inst.query("SYST:ERR?").strip() == '0,"No error"')

    values = inst.query_ascii_values("MEAS:ALL? (@1:%d)" % channels)
    check("MEAS:ALL? gives V,I,T per channel", len(values) == 3 * channels, len(values))
    check("channel 1 discharges at its setpoint", abs(values[1] + 1.5) < 1e-6, values[:3])
    check("channel 3 charges at its CC-CV current", abs(values[7] - 1.0) < 1e-6, values[6:9])
    check("channel 4 rests", values[10] == 0.0, values[9:12])
    check("voltages are plausible", all(2.0 < v < 4.3 for v in values[0::3]), values[0::3])
    check("temperatures are plausible", all(10.0 < t < 60.0 for t in values[2::3]), values[2::3])

    volts = floats(inst.query("MEAS:VOLT? (@1,3,5)"))
    currents = floats(inst.query("MEAS:CURR? (@1,3,5)"))
    temps = floats(inst.query("MEAS:TEMP? (@1,3,5)"))
    check("MEAS:VOLT?/CURR?/TEMP? take a list", len(volts) == len(currents) == len(temps) == 3)
    status = inst.query("STAT:QUES:COND? (@1:%d)" % channels).strip().split(",")
    check("STAT:QUES:COND? one register per channel", len(status) == channels and all(s.isdigit() for s in status), status)

    joined = inst.query("MEAS:CURR? (@1);SYST:CHAN:COUN?").strip().split(";")
    check("queries of one line share one reply", len(joined) == 2 and int(joined[1]) == channels, joined)

    inst.write("SOUR:CURR 99,(@1)")
    check("out-of-range current is -222", inst.query("SYST:ERR?").strip() == '-222,"Data out of range"')
    check("the rejected setting left the channel alone", abs(float(inst.query("SOUR:CURR? (@1)")) + 1.5) < 1e-12)
    inst.write("SOUR:CURR 1,(@%d)" % (channels + 1))
    check("a channel that does not exist is -222", inst.query("SYST:ERR?").strip() == '-222,"Data out of range"')
    inst.write("SOUR:BOGUS 1,(@1)")
    check("an unknown header is -113", inst.query("SYST:ERR?").strip() == '-113,"Undefined header"')
    inst.write("SOUR:CURR 1A,(@1)")
    check("a unit suffix is -131", inst.query("SYST:ERR?").strip() == '-131,"Invalid suffix"')
    check("the queue is empty again", inst.query("SYST:ERR?").strip() == '0,"No error"')

    inst.write("sour:mode cp,(@4);sour:pow -5,(@4);outp on,(@4)")
    v, i, _ = inst.query_ascii_values("MEAS:ALL? (@4)")
    check("lower case, CP holds the power", abs(v * i + 5.0) < 1e-3, (v, i))
    inst.write("SOURce:MODE REST,(@1:%d);OUTPut OFF,(@1:%d)" % (channels, channels))
    currents = floats(inst.query("MEASure:CURRent? (@1:%d)" % channels))
    check("long forms, every output off", all(c == 0.0 for c in currents), currents)

    inst.query("*ESR?")
    inst.write("SOUR:CURR 99,(@1)")
    check("*ESR? has the execution-error bit (16) after -222", int(inst.query("*ESR?")) == 16)
    check("*ESR? clears as read", int(inst.query("*ESR?")) == 0)
    inst.query("SYST:ERR?")

    everyone = "(@1:%d)" % channels
    inst.query("STAT:OPER:EVEN? " + everyone)
    inst.write("SOUR:MODE CC,(@2);SOUR:CURR 0.5,(@2);OUTP ON,(@2)")
    flags = [int(x) for x in inst.query("STAT:OPER:EVEN? " + everyone).split(",")]
    check("STAT:OPER:EVEN? one register per channel, own writes not flagged", flags == [0] * channels, flags)
    if resource.startswith("TCPIP"):
        other = rm.open_resource(resource)
        other.read_termination = "\n"
        other.write_termination = "\n"
        other.write("OUTP OFF,(@2)")
        check("*OPC? waits for the other connection's line", other.query("*OPC?").strip() == "1")
        flags = [int(x) for x in inst.query("STATus:OPERation:EVENt? " + everyone).split(",")]
        check("a write over another connection is bit 8 on that channel", flags == [0, 256] + [0] * (channels - 2), flags)
        flags = [int(x) for x in inst.query("STAT:OPER? " + everyone).split(",")]
        check("the event register clears as read", flags == [0] * channels, flags)
        other.close()

    inst.close()
    rm.close()
    print("ALL CHECKS PASSED")


if __name__ == "__main__":
    main()
