"""The reference implementation's selection, run as the anchor of bench/cli.ts and
bench/selection.ts. Nothing of the reference is copied here: this imports its `common`
package from a wubloader checkout named by TRIMDESK_REFERENCE (the folder holding
`common/`, i.e. wubloader/common) and calls its own functions. Needs gevent,
prometheus-client and monotonic (Debian: python3-gevent python3-prometheus-client
python3-monotonic).

  reference.py segments ROOT CHANNEL QUALITY START END   the chosen segments as JSON (a whole-process run)
  reference.py cold ROOT CHANNEL QUALITY START END RUNS  in-process cold selections (its listing cache emptied each time): wall and CPU ms as JSON
  reference.py coverage ROOT CHANNEL QUALITY             every hour's best segments and per-hour totals as JSON
"""
import datetime
import json
import logging
import os
import sys
import time

sys.path.insert(0, os.environ["TRIMDESK_REFERENCE"])
import common.segments as segments  # noqa: E402

# The bench archives hold a bad name per hour: its warning (with a traceback) is not what is measured.
logging.disable(logging.WARNING)


def instant(text):
    return datetime.datetime.fromisoformat(text.rstrip("Z"))


def segment_json(segment):
    if segment is None:
        return None
    return {
        "path": segment.path,
        "start": segment.start.isoformat() + "Z",
        "end": segment.end.isoformat() + "Z",
        "durationSeconds": segment.duration.total_seconds(),
        "type": segment.type,
    }


def run_segments(root, channel, quality, start, end):
    chosen = segments.get_best_segments(os.path.join(root, channel, quality), instant(start), instant(end))
    print(json.dumps([segment_json(segment) for segment in chosen]))


def run_cold(root, channel, quality, start, end, runs):
    times = []
    for _ in range(int(runs)):
        segments._best_segments_by_start_cache.clear()
        started = time.perf_counter()
        started_cpu = time.process_time()
        segments.get_best_segments(os.path.join(root, channel, quality), instant(start), instant(end))
        times.append({"wallMs": (time.perf_counter() - started) * 1000, "cpuMs": (time.process_time() - started_cpu) * 1000})
    print(json.dumps(times))


def run_coverage(root, channel, quality):
    """Per hour what coverage reports: files by type, best segments, covered seconds, holes."""
    quality_dir = os.path.join(root, channel, quality)
    report = []
    previous_end = None
    for hour in sorted(name for name in os.listdir(quality_dir) if not name.startswith(".")):
        hour_path = os.path.join(quality_dir, hour)
        names = segments.list_segment_files(hour_path)
        counts = {}
        for name in names:
            kind = name.split("-")[2] if name.count("-") >= 3 else "bad"
            counts[kind] = counts.get(kind, 0) + 1
        best = list(segments.best_segments_by_start(hour_path))
        covered = sum((segment.duration for segment in best), datetime.timedelta())
        holes = 0
        for segment in best:
            if previous_end is not None and (segment.start - previous_end).total_seconds() > 0.01:
                holes += 1
            previous_end = segment.end
        report.append({"hour": hour, "files": counts, "best": len(best), "coveredSeconds": covered.total_seconds(), "holes": holes})
    print(json.dumps(report))


MODES = {"segments": run_segments, "cold": run_cold, "coverage": run_coverage}

if __name__ == "__main__":
    MODES[sys.argv[1]](*sys.argv[2:])
