#!/usr/bin/env python3
"""PostgreSQL's CPU by function class, from `perf script` output of a cluster recorded with
`perf record -F 499 -g -p <postmaster,its children> -- sleep S` (perf follows the postmaster's later forks, so autovacuum
workers are in it). Each sample goes to the first class whose rule matches its stack (inclusive: any frame), in the order
below: autovacuum (ANALYZE/VACUUM), the server's own processes, the search indexer (a top-level PL/pgSQL call, or
to_tsvector / GIN insert / pending-list merge), triggers, commit, planning, parse, ON CONFLICT pre-checks, B-tree, heap,
TOAST, client I/O, executor. Prints each class's share of the samples, and ms/upload = share x PG_MS_PER_UPLOAD when given
(bench/load.sh's PostgreSQL CPU per upload of the same run).

usage: perf script -i perf.data > perf.txt; python3 bench/pg_functions.py perf.txt [PG_MS_PER_UPLOAD]
(docs/performance.md, "Eighteenth session (pgacct25 …)": the account it made.)"""
import re, sys, collections

def frames_of(block):
    out = []
    for line in block[1:]:
        m = re.match(r"\s*[0-9a-f]+\s+(\S+?)(\+0x[0-9a-f]+)?\s+\((.*)\)\s*$", line)
        if m:
            out.append((m.group(1), m.group(3)))
    return out  # leaf first

def has(fs, *names):
    return any(f in names for f, _ in fs)

def has_prefix(fs, *prefixes):
    return any(f.startswith(prefixes) for f, _ in fs)

def below(fs, outer, inner):
    """inner appears at a deeper (leafward) position than outer"""
    io = [i for i, (f, _) in enumerate(fs) if f in outer]
    ii = [i for i, (f, _) in enumerate(fs) if f in inner]
    return bool(io and ii and min(ii) < max(io))

def classify(fs):
    names = [f for f, _ in fs]
    if has(fs, "AutoVacWorkerMain", "do_autovacuum", "analyze_rel", "vacuum", "heap_vacuum_rel", "lazy_scan_heap"):
        if has(fs, "do_analyze_rel", "analyze_rel"):
            return "autovacuum: ANALYZE" + (" (GIN pending-list merge)" if has(fs, "ginInsertCleanup") else "")
        if has(fs, "heap_vacuum_rel", "lazy_scan_heap", "vacuum_rel"):
            return "autovacuum: VACUUM" + (" (GIN pending-list merge)" if has(fs, "ginInsertCleanup") else "")
        return "autovacuum: other"
    for main, cls in (("WalWriterMain", "walwriter"), ("CheckpointerMain", "checkpointer"), ("BackgroundWriterMain", "bgwriter"),
                      ("AutoVacLauncherMain", "autovacuum launcher"), ("PgArchiverMain", "archiver"), ("SysLoggerMain", "logger")):
        if has(fs, main):
            return cls
    if not has(fs, "PostgresMain"):
        if has(fs, "BackendStartup", "BackendRun", "InitPostgres"):
            return "backend start-up"
        if has(fs, "ServerLoop", "PostmasterMain"):
            return "postmaster"
        return "unattributed (no PostgresMain frame)"
    if has(fs, "InitPostgres", "BackendInitialize"):
        return "backend start-up"
    # the search indexer: a top-level PL/pgSQL function (not a trigger) doing search work
    indexer = has(fs, "plpgsql_exec_function") and not below(fs, ("plpgsql_exec_function",), ("ExecCallTriggerFunc",)) \
        and not has(fs, "ExecCallTriggerFunc") or has(fs, "to_tsvector_byid", "to_tsvector", "ginInsertCleanup", "gininsert")
    if indexer and not has(fs, "ExecCallTriggerFunc"):
        if has(fs, "ginInsertCleanup"): return "indexer: GIN pending-list merge"
        if has(fs, "gininsert"): return "indexer: GIN insert"
        if has(fs, "to_tsvector_byid", "to_tsvector", "to_tsvector_byid_json"): return "indexer: to_tsvector"
        if has(fs, "array_to_tsvector", "tsvector_unnest"): return "indexer: pairs/qualify (tsvector arrays)"
        if has(fs, "toast_save_datum", "heap_toast_insert_or_update", "toast_compress_datum"): return "indexer: TOAST"
        if has(fs, "pg_plan_queries", "planner", "standard_planner", "GetCachedPlan"): return "indexer: planning"
        if has(fs, "heap_insert", "heap_update", "heap_delete"): return "indexer: heap writes"
        if has(fs, "btinsert"): return "indexer: B-tree insert"
        return "indexer: other"
    if has(fs, "ExecCallTriggerFunc"):
        return "triggers"
    if has(fs, "CommitTransactionCommand", "CommitTransaction"):
        if has(fs, "XLogFlush"): return "commit: WAL flush"
        return "commit: other"
    if has(fs, "AbortCurrentTransaction", "AbortTransaction"):
        return "abort"
    if has(fs, "pg_plan_queries", "planner", "standard_planner", "BuildCachedPlan", "pg_plan_query"):
        return "planning"
    if has(fs, "RevalidateCachedQuery", "GetCachedPlan", "CheckCachedPlan"):
        return "plan cache lookup/revalidation"
    if has(fs, "raw_parser", "pg_parse_query"):
        return "parse"
    if has(fs, "parse_analyze_fixedparams", "parse_analyze_varparams", "pg_analyze_and_rewrite_fixedparams",
           "pg_analyze_and_rewrite_varparams", "pg_analyze_and_rewrite", "pg_rewrite_query", "QueryRewrite"):
        return "parse analysis/rewrite"
    if has(fs, "ExecCheckIndexConstraints", "check_exclusion_or_unique_constraint"):
        return "ON CONFLICT pre-check"
    if has(fs, "btinsert", "_bt_doinsert"):
        return "B-tree insert"
    if has(fs, "gininsert"):
        return "GIN insert (outside indexer)"
    if has(fs, "toast_save_datum", "heap_toast_insert_or_update", "detoast_attr", "toast_fetch_datum"):
        return "TOAST (outside indexer)"
    if has(fs, "heap_insert", "heap_multi_insert", "heap_update", "heap_delete", "simple_heap_insert"):
        return "heap writes"
    if has(fs, "pq_getbyte", "pq_getmessage", "ReadCommand", "SocketBackend", "secure_read", "pq_recvbuf", "WaitEventSetWait"):
        return "reading client messages (incl. waits)"
    if has(fs, "pq_flush", "socket_flush", "internal_flush", "secure_write", "pq_putmessage", "socket_putmessage", "printtup",
           "SendRowDescriptionMessage", "EndCommand", "ReadyForQuery"):
        return "sending results"
    if has(fs, "StartTransactionCommand", "StartTransaction"):
        return "transaction start"
    if has(fs, "pg_advisory_xact_lock_shared_int8", "pg_advisory_xact_lock_int8", "pg_advisory_xact_lock_shared_int4",
           "pg_advisory_xact_lock_int4", "LockAcquireExtended"):
        return "locks"
    if has(fs, "ExecutorRun", "standard_ExecutorRun", "ExecutorStart", "standard_ExecutorStart", "ExecutorEnd", "PortalRun",
           "ExecInitNode", "ExecProcNode"):
        return "executor: other (scans, joins, expressions)"
    if has(fs, "exec_bind_message"): return "bind (protocol)"
    if has(fs, "exec_parse_message"): return "parse message (protocol)"
    if has(fs, "exec_execute_message", "exec_simple_query"): return "execute message: other"
    return "backend: other"

samples = collections.Counter()
kernel = collections.Counter()
total = 0
block = []
def flush():
    global total
    if not block: return
    fs = frames_of(block)
    if not fs: return
    c = classify(fs)
    samples[c] += 1
    if "kernel" in fs[0][1]: kernel[c] += 1
    total += 1

with open(sys.argv[1], errors="replace") as f:
    for line in f:
        if line.strip() == "":
            flush(); block = []
        else:
            block.append(line.rstrip("\n"))
    flush()
ms = float(sys.argv[2]) if len(sys.argv) > 2 else None
print(f"{total} samples")
for c, n in samples.most_common():
    print(f"{100*n/total:6.1f}%  {'' if ms is None else f'{ms*n/total:6.2f} ms/upload  '}{c}   (kernel leaf {100*kernel[c]/max(n,1):.0f}%)")
