"""`python -m flevonorm`, the same as the `flevonorm` command."""

from flevonorm.cli import main

main()
