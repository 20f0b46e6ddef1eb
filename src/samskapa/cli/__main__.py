"""`python -m samskapa.cli` runs the command line (as the `samskapa` script does)."""

from samskapa.cli import main

main()
