"""gunicorn's settings for fotoblog, as `make serve` and the tests' servers run it
(`--config python:fotoblog.gunicorn`); the number of workers is given apart.

Threads: a worker serves several requests at once, so a client that sends its
request slowly holds one thread, not the whole worker, and the site keeps
answering. A buffering proxy in front (docs/deploy.md) keeps slow clients off the
app servers altogether.
"""

worker_class = "gthread"
# Two slow clients left the home feed at about its usual pace with 4 threads as with
# 8 (docs/deploy.md); the more threads, the more slow clients it takes to hold them
# all. A thread never decodes a picture (image workers do), so it needs little memory.
threads = 8
# A worker whose main loop stops answering for this long is restarted. It does not
# cut a request short: with threads the main loop answers while requests run. The
# proxy's timeouts bound a request (docs/deploy.md).
timeout = 30
