# Loaded by the book's notebook kernels (conf.py points IPYTHONDIR at docs/_ipython).
#
# ipykernel sends printed text in pieces, whenever its 0.2 s flush timer fires; a busy machine can
# split one print() between two pieces, and myst-nb's stream merging then puts a line break at the
# split. With the timer pushed out of reach, each cell's output is sent whole when the cell ends,
# so two builds print the same lines.
import sys

for _stream in (sys.stdout, sys.stderr):
    if hasattr(_stream, "flush_interval"):
        _stream.flush_interval = 3600.0
del _stream
