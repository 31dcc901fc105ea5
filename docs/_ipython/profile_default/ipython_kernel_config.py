# The book's notebook kernels draw matplotlib figures as SVG (sharp at any zoom, small for
# line drawings). conf.py points IPYTHONDIR here.
c = get_config()  # noqa: F821
c.InlineBackend.figure_formats = {"svg"}
c.InlineBackend.rc = {}
# The kernels run on loopback for the build only; their per-start notice about unencrypted TCP
# is noise in the build log (errors are still shown).
c.IPKernelApp.log_level = "ERROR"
