"""Schedules on the virtual clock: AWS cron (DST, L/W/#), rate, ScheduleV2 time zones."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from local_stack.schedules import AwsCron, Schedule
from local_stack.testing import HttpClient
from tests.local_stack.support import START, at, items

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC_ZONE = ZoneInfo("UTC")


@pytest.mark.parametrize(("start", "fired"), [
    (at(2030, 3, 20), at(2030, 3, 21, 5)),     # CET: 06:00 = 05:00Z
    (at(2030, 3, 29), at(2030, 4, 4, 4)),      # DST starts Sun 31 Mar inside the window: 04:00Z
    (at(2030, 10, 25), at(2030, 10, 31, 5)),   # DST ends Sun 27 Oct inside the window: 05:00Z
])
def test_weekly_thursday_in_brussels_fires_once(make_stack, start, fired):
    stack = make_stack(start=start)
    with HttpClient(stack) as client:
        status, body, _ = client.post("/_local/clock", {"advance": "P8D"})
    assert status == 200
    assert body["now"] == (start + timedelta(days=8)).strftime("%Y-%m-%dT%H:%M:%SZ")
    runs = items(stack, "JOB#weekly")
    assert [(r["sk"], r["scheduledTime"], r["fn"]) for r in runs] == \
        [(fired.isoformat(), fired.strftime("%Y-%m-%dT%H:%M:%SZ"), "WeeklyReportFunction")]
    assert fired.astimezone(BRUSSELS).strftime("%a %H:%M") == "Thu 06:00"
    cleanup = items(stack, "JOB#cleanup")                      # rate(6 hours), UTC, the rule's payload
    assert [r["sk"] for r in cleanup] == [(start + timedelta(hours=6 * k)).isoformat() for k in range(1, 33)]
    assert cleanup[0]["detailType"] == "Scheduled Event"
    assert cleanup[0]["resource"] == "arn:aws:events:us-east-1:123456789012:rule/CleanupFunctionEvery6h"
    assert cleanup[-1]["runs"] == 32                          # module state survives (a warm function)


def test_schedules_and_api_interleave_in_time_order(stack, http):
    stack.clock.advance("PT5H59M")
    assert items(stack, "JOB#cleanup") == []
    http.get("/v1/health")
    stack.clock.advance("PT1M")
    assert [r["sk"] for r in items(stack, "JOB#cleanup")] == ["2030-03-29T06:00:00+00:00"]
    assert http.get("/v1/health").body["now"] == "2030-03-29T06:00:00+00:00"


def test_schedules_from_the_template(stack):
    by_name = {s.name: s for s in stack.schedules}
    assert set(by_name) == {"WeeklyReportFunctionWeekly", "CleanupFunctionEvery6h", "SweepMachineNightly"}
    assert by_name["SweepMachineNightly"].targets_state_machine
    assert by_name["SweepMachineNightly"].tz == BRUSSELS
    assert not by_name["CleanupFunctionEvery6h"].targets_state_machine


def test_aws_cron_dst_edges():
    cron = AwsCron("30 2 * * ? *")                   # 02:30 local every day
    after, got = at(2030, 3, 30, 12), []
    for _ in range(3):
        after = cron.next_after(after, BRUSSELS)
        got.append(after)
    # 31 Mar 02:30 does not exist (spring forward): skipped
    assert got == [at(2030, 4, 1, 0, 30), at(2030, 4, 2, 0, 30), at(2030, 4, 3, 0, 30)]
    fall = [cron.next_after(at(2030, 10, 26, 12), BRUSSELS)]
    fall.append(cron.next_after(fall[0], BRUSSELS))
    assert fall == [at(2030, 10, 27, 0, 30), at(2030, 10, 28, 1, 30)]   # the ambiguous 02:30: once
    assert AwsCron("0 12 ? * 6#3 *").next_after(at(2030, 1, 1), UTC_ZONE) == at(2030, 1, 18, 12)
    assert AwsCron("0 0 L * ? *").next_after(at(2030, 2, 1), UTC_ZONE) == at(2030, 2, 28)
    assert AwsCron("0 9 15W * ? *").next_after(at(2030, 6, 1), UTC_ZONE) == at(2030, 6, 14, 9)
    assert AwsCron("0 9 ? * 2L *").next_after(at(2030, 6, 1), UTC_ZONE) == at(2030, 6, 24, 9)  # last Monday
    with pytest.raises(ValueError, match="exactly one of day-of-month/day-of-week"):
        AwsCron("0 6 * * THU *")
    with pytest.raises(ValueError, match="6 fields"):
        AwsCron("0 6 * *")


def _brute_force(expression, start, count):
    """Independent reference: every minute, field by field (UTC, no L/W/#)."""
    minute, hour, dom, month, dow, _ = expression.split()

    def ok(value, field, names=()):
        for part in field.split(","):
            rng, _, step = part.partition("/")
            if rng in ("*", "?"):
                lo, hi = 0, 99
            elif "-" in rng:
                lo, hi = (names.index(x) if x in names else int(x) for x in rng.split("-"))
            else:
                lo = names.index(rng) if rng in names else int(rng)
                hi = 99 if step else lo
            if lo <= value <= hi and (value - lo) % int(step or 1) == 0:
                return True
        return False

    days = ["", "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
    months = ["", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    out, d = [], start.date()
    while len(out) < count:
        day_ok = ok(d.day, dom) if dow == "?" else ok(d.isoweekday() % 7 + 1, dow, days)
        if ok(d.month, month, months) and day_ok:
            out += [t for h in range(24) for m in range(60) if ok(h, hour) and ok(m, minute)
                    and (t := datetime(d.year, d.month, d.day, h, m, tzinfo=UTC)) > start]
        d += timedelta(days=1)
    return out[:count]


@pytest.mark.parametrize("expression", ["0 6 ? * THU *", "15 */3 1,15 * ? *", "0/20 8-17 ? * MON-FRI *",
                                        "5 4 ? JAN,JUL SUN *", "45 23 31 * ? *"])
def test_aws_cron_agrees_with_a_brute_force_matcher(expression):
    cron, t, ours = AwsCron(expression), at(2030, 1, 1), []
    for _ in range(60):
        t = cron.next_after(t, UTC_ZONE)
        ours.append(t)
    assert ours == _brute_force(expression, at(2030, 1, 1), 60)


def test_rate_at_and_start_end_dates():
    created = START
    rule = Schedule("r", "arn:rule", "arn:aws:lambda:us-east-1:1:function:f", "rate(1 day)", UTC_ZONE, False, None)
    assert rule.first(created) == created + timedelta(days=1)          # a rule: one period later
    v2 = Schedule("s", "arn:s", "arn:aws:lambda:us-east-1:1:function:f", "rate(30 minutes)", UTC_ZONE, True, None,
                  start=at(2030, 4, 1))
    assert v2.first(created) == at(2030, 4, 1)                         # Scheduler: its StartDate
    assert v2.after(at(2030, 4, 1)) == at(2030, 4, 1, 0, 30)
    once = Schedule("o", "arn:o", "arn:aws:states:us-east-1:1:stateMachine:m", "at(2030-04-01T09:00:00)",
                    BRUSSELS, True, '{"at": "<aws.scheduler.scheduled-time>"}')
    assert once.first(created) == at(2030, 4, 1, 7)                   # 09:00 CEST
    assert once.after(at(2030, 4, 1, 7)) is None
    assert once.payload(at(2030, 4, 1, 7), "1", "us-east-1") == {"at": "2030-04-01T07:00:00Z"}
    assert once.targets_state_machine


def test_a_schedule_fires_with_the_virtual_time_seen_by_the_handler(stack):
    stack.clock.advance("PT6H")
    [run] = items(stack, "JOB#cleanup")
    assert run["eventTime"] == "2030-03-29T06:00:00Z"
    assert datetime.fromisoformat(run["sk"]) == at(2030, 3, 29, 6)
    assert datetime.fromisoformat(run["sk"]).tzinfo == UTC
