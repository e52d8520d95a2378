"""The report templates and message catalogues shipped with flevonorm.

This folder is installed as the package `flevonorm.templates` (see pyproject.toml)
so that `pip install .` carries it; it holds no code.
"""
