#!/usr/bin/env python3
"""Delivers N generated mails over LMTP on several connections at once, as a
mail server's lmtp transport does; prints the messages per second.
Usage: bench/mail_lmtp.py PORT N CONNECTIONS"""
import smtplib
import sys
import threading
import time

port, total, conns = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
counter = iter(range(total))
lock = threading.Lock()
failures = []


def message(i):
    return (f"From: Customer {i} <c{i % 500}@bench-customer.example>\r\nTo: support@forgedesk.test\r\n"
            f"Subject: Bench request {i}\r\nMessage-ID: <bench.{i}.{time.time_ns()}@bench.example>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Please look at order {i}; the pump number {i * 7} leaks.\r\n").encode()


def worker():
    client = smtplib.LMTP("127.0.0.1", port)
    while True:
        with lock:
            i = next(counter, None)
        if i is None:
            break
        refused = client.sendmail("bench@example.net", ["support@forgedesk.test"], message(i))
        if refused:
            failures.append(refused)
    client.quit()


start = time.monotonic()
threads = [threading.Thread(target=worker) for _ in range(conns)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - start
print(f"{total / elapsed:.0f}")
if failures:
    sys.exit(f"{len(failures)} refused")
