"""Runs a command and prints its wall time, CPU time (user + system) and peak RSS from
wait4's rusage, in microseconds and KiB: /usr/bin/time rounds CPU to 10 ms, a tenth of a
one-off `trimdesk` run. Usage: rusage.py COMMAND [ARGS...]; the command's stdout is passed
through, the figures go to stderr last, as `RUSAGE wall_us cpu_us peak_kib`."""
import os
import sys
import time

started = time.monotonic()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
wall_us = round((time.monotonic() - started) * 1e6)
cpu_us = round((usage.ru_utime + usage.ru_stime) * 1e6)
sys.stderr.write(f"RUSAGE {wall_us} {cpu_us} {usage.ru_maxrss}\n")
sys.exit(os.waitstatus_to_exitcode(status))
