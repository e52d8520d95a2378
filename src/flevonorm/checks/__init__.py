"""The rules of spec/data-format.md that span more than one value: one module per file kind."""
