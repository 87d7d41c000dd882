from sample_shared import store

TABLE = store.cases_table()
RUNS = []          # module state: each function gets its own copy


def record(job: str, **attrs) -> None:
    RUNS.append(job)
    store.put(TABLE, f"JOB#{job}", runs=len(RUNS), **attrs)
