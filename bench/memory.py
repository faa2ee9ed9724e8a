"""Peak memory of the running process."""

import re


def peak_rss_mib() -> float:
    """This process's own peak (VmHWM); ru_maxrss would include a parent's peak, kept across exec."""
    with open("/proc/self/status", encoding="ascii") as status:
        return round(int(re.search(r"VmHWM:\s+(\d+) kB", status.read())[1]) / 1024, 1)
