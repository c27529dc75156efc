"""Where raw log lines come from: files, stdin, a syslog listener and Redis Streams.

Every source hands out batches of decoded, length-capped `Line`s and is told with `commit()`
when a batch has been handled, so that offsets and acknowledgements follow what was processed.
"""
