# The book's notebook kernels draw matplotlib figures as SVG (sharp at any zoom, small for
# line drawings). conf.py points IPYTHONDIR here.
c = get_config()  # noqa: F821
c.InlineBackend.figure_formats = {"svg"}
c.InlineBackend.rc = {}
