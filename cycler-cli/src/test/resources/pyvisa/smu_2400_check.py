"""Drives one instrument of the Cycler SMU rack emulator with PyVISA (pure-Python backend,
pyvisa-py) in the Keithley 2400-series commands of DESIGN section 12: a client written by other
people, so the emulator's replies are checked against a parser that is not the project's own.

usage: smu_2400_check.py RESOURCE
  RESOURCE  TCPIP::127.0.0.1::5025::SOCKET  or  ASRL/dev/pts/3::INSTR
Prints one line per check and 'ALL CHECKS PASSED' at the end; exits 1 on the first failure.
"""
import sys
import time

import pyvisa

NO_ERROR = '0,"No error"'


def check(name, condition, detail=""):
    if not condition:
        print("FAIL %s %s" % (name, detail))
        sys.exit(1)
    print("ok   %s" % name)


def floats(text):
    return [float(x) for x in text.split(",")]


def main():
    resource = sys.argv[1]
    rm = pyvisa.ResourceManager("@py")
    inst = rm.open_resource(resource)
    inst.read_termination = "\n"
    inst.write_termination = "\n"
    inst.timeout = 5000
    if resource.startswith("ASRL"):
        inst.baud_rate = 115200

    inst.write("*RST")
    inst.write("*CLS")
    idn = inst.query("*IDN?").strip().split(",")
    check("*IDN? has four fields", len(idn) == 4, idn)
    check("*IDN? names the emulated 2400", idn[1] == "EMU-2400", idn)
    check(":SYST:ERR? on an empty queue", inst.query(":SYST:ERR?").strip() == NO_ERROR)
    check("*RST leaves the output off", inst.query(":OUTP?").strip() == "0")

    inst.write(":FORM:ELEM VOLT,CURR")
    check(":FORM:ELEM? reads back", inst.query(":FORM:ELEM?").strip() == "VOLT,CURR")
    v, i = floats(inst.query(":READ?"))
    check(":READ? with the output off: the cell's voltage at 0 A", 2.0 < v < 4.5 and i == 0.0, (v, i))

    inst.write(":SOUR:FUNC CURR")
    inst.write(":SOUR:CURR:LEV 0.5")
    inst.write(":SENS:VOLT:PROT 4.2")
    inst.write(":OUTP ON")
    check(":SOUR:FUNC? is CURR", inst.query(":SOUR:FUNC?").strip() == "CURR")
    check(":SOUR:CURR:LEV? reads back", float(inst.query(":SOUR:CURR:LEV?")) == 0.5)
    check(":SENS:VOLT:PROT? reads back", float(inst.query(":SENS:VOLT:PROT?")) == 4.2)
    check(":OUTP? is on", inst.query(":OUTP?").strip() == "1")
    time.sleep(0.2)
    v2, i2 = floats(inst.query(":READ?"))
    check("sourcing 0.5 A charges the cell at 0.5 A", abs(i2 - 0.5) < 1e-6 and v2 > v, (v2, i2))

    inst.write(":SOURce:CURRent:LEVel:IMMediate:AMPLitude -0.25;:OUTPut:STATe ON")
    v3, i3 = floats(inst.query(":READ?"))
    check("long forms on one ;-joined line: a negative current discharges", abs(i3 + 0.25) < 1e-6, (v3, i3))

    below = "%.3f" % (v3 - 0.3)  # under the cell's own voltage, whatever its state of charge
    inst.write(":SOUR:FUNC VOLT;:SOUR:VOLT:LEV " + below + ";:SENS:CURR:PROT 0.1")
    v4, i4 = floats(inst.query(":READ?"))
    check("sourcing a voltage below the cell sinks at most the current compliance",
          -0.1 - 1e-6 <= i4 < 0, (v4, i4))

    inst.write(":FORM:ELEM CURR")
    check(":FORM:ELEM CURR reads the current alone", len(floats(inst.query(":READ?"))) == 1)
    inst.write(":FORM:ELEM VOLT,CURR")

    inst.write(":SOUR:CURR:LEV 99")
    check("a current beyond the range is -222", inst.query(":SYST:ERR?").strip() == '-222,"Data out of range"')
    inst.write(":SOUR:BOGUS 1")
    check("an unknown header is -113", inst.query(":SYST:ERR?").strip() == '-113,"Undefined header"')
    check("the queue is empty again", inst.query(":SYST:ERR?").strip() == NO_ERROR)

    inst.write(":OUTP OFF")
    check(":OUTP OFF turns it off", inst.query(":OUTP?").strip() == "0")
    v5, i5 = floats(inst.query(":READ?"))
    check("no current with the output off", i5 == 0.0, (v5, i5))
    inst.close()
    print("ALL CHECKS PASSED")


if __name__ == "__main__":
    main()
